import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ASSESSMENT_PRESET_IDS, GRADING_PRESETS, INSTITUTION_CODE, WARNING_PALETTES } from './institution-config';

/** The institution form of /admin/institutions: the YAML file's limits (the type is checked against the installed types in the service). */
export class InstitutionForm {
  @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @IsOptional() @IsString() @MaxLength(200) nameEn?: string;
  @IsString() @IsNotEmpty() @MaxLength(40) type: string;
  @IsOptional() @IsString() @Matches(INSTITUTION_CODE) parent?: string;
  @IsString() @IsNotEmpty() @MaxLength(60) letterhead: string;
  @IsString() @IsNotEmpty() @MaxLength(20) docNumberPrefix: string;
  @IsIn(WARNING_PALETTES) warningPalette: (typeof WARNING_PALETTES)[number];
  @IsIn(GRADING_PRESETS) gradingPreset: (typeof GRADING_PRESETS)[number];
  @IsIn(ASSESSMENT_PRESET_IDS) assessmentPreset: (typeof ASSESSMENT_PRESET_IDS)[number];
  @IsString() @IsNotEmpty() @MaxLength(500) reason: string;
}

export class NewInstitutionForm extends InstitutionForm {
  // 'new' is the address of this form.
  @IsString() @Matches(INSTITUTION_CODE) @Matches(/^(?!new$)/) code: string;
}
