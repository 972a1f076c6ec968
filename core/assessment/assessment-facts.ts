import type { LocalizedText } from '../plugin-api';

/** Whom a fact is about; absent fields mean the whole institution. */
export interface FactSubject {
  personId?: number | null;
  departmentId?: number | null;
}

/**
 * Facts the veto engine reads from the warning module. The warning module binds its service to
 * ASSESSMENT_FACTS; until then the default provider answers "no facts".
 */
export interface AssessmentFactsSource {
  /** Red (一级) warnings this year against the subject, or the whole institution when no subject is given. */
  redWarningCount(institutionId: number, year: number, subject?: FactSubject): Promise<number>;
  /** The same red warnings, oldest first, so a veto can name them. */
  redWarnings(institutionId: number, year: number, subject?: FactSubject): Promise<RedWarning[]>;
  /** Yellow cards (002) issued this year; a department's card binds its head. */
  yellowCards(institutionId: number, year: number): Promise<{ departmentId: number | null; personId?: number | null }[]>;
  /** Warnings a person received (受到的预警), newest first, with their level and state in words, for the integrity dossier. */
  warningsOf(institutionId: number, personId: number): Promise<DossierEntry[]>;
}

export const ASSESSMENT_FACTS = Symbol('ASSESSMENT_FACTS');

/** A red (一级) warning a veto counted: its number, title, level in words and the day it reached that level. */
export interface RedWarning {
  id: number;
  title: string;
  subjectLabel: string;
  level: LocalizedText;
  since: string;
}

/** What the risk module knows: a person's risk points and commitments, and the self-check reports filed. */
export interface PersonRiskSource {
  riskPointsOf(institutionId: number, personId: number): Promise<DossierEntry[]>;
  commitmentsOf(institutionId: number, personId: number): Promise<DossierEntry[]>;
  /** Self-check (half-year) reports filed in the year by the subject or its department: evidence for manual items. */
  halfYearReports(institutionId: number, year: number, subject: FactSubject): Promise<DossierEntry[]>;
}

export const PERSON_RISK_SOURCE = Symbol('PERSON_RISK_SOURCE');

/** One line of a dossier section, also placed on the dossier timeline by its date. */
export interface DossierEntry {
  date: string;
  title: string;
  detail?: string;
  level?: string;
  /** The level in words in both languages, when the source has one; `level` then holds its Chinese text. */
  levelLabel?: LocalizedText;
}

export class NoAssessmentFacts implements AssessmentFactsSource {
  async redWarningCount(): Promise<number> {
    return 0;
  }
  async redWarnings(): Promise<RedWarning[]> {
    return [];
  }
  async yellowCards(): Promise<{ departmentId: number | null; personId?: number | null }[]> {
    return [];
  }
  async warningsOf(): Promise<DossierEntry[]> {
    return [];
  }
}

export class NoPersonRisk implements PersonRiskSource {
  async riskPointsOf(): Promise<DossierEntry[]> {
    return [];
  }
  async commitmentsOf(): Promise<DossierEntry[]> {
    return [];
  }
  async halfYearReports(): Promise<DossierEntry[]> {
    return [];
  }
}

export const FACT_LABELS: Record<string, LocalizedText> = {
  'red-warnings': { zh: '本年度红色（一级）预警次数', en: 'Red warnings this year' },
  'yellow-card-head': { zh: '所在科室本年度被亮黄牌且本人为科室负责人', en: 'Head of a department shown a yellow card this year' },
  'dossier-veto': { zh: '廉政档案记载一票否决', en: 'One-vote veto recorded in the dossier' },
};
