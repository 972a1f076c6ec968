import { pageWindow } from '../http/pagination';
import { pager, screenHref } from './pager';

const href = (page: number | undefined) => screenHref('/list', { q: '药品', page });

describe('pager', () => {
  it('links first, previous, next and last around a middle page of a known total', () => {
    expect(pager('zh', pageWindow({ page: 3, pageSize: 50 }), 260, href)).toEqual({
      text: '第 3 / 6 页',
      first: '/list?q=%E8%8D%AF%E5%93%81',
      prev: '/list?q=%E8%8D%AF%E5%93%81&page=2',
      next: '/list?q=%E8%8D%AF%E5%93%81&page=4',
      last: '/list?q=%E8%8D%AF%E5%93%81&page=6',
    });
  });

  it('offers the next page but no last one when the count stopped at its cap, and says so', () => {
    const p = pager('en', pageWindow({ page: 1, pageSize: 50 }), 1000, href, true);
    expect(p).toMatchObject({ text: 'Page 1 of 20+', prev: null, last: null });
    expect(p.next).toBe('/list?q=%E8%8D%AF%E5%93%81&page=2');
  });

  it('keeps a repeated filter in the link', () => {
    expect(screenHref('/p/x/list', { filter: ['category=drugs', 'method=inquiry'], q: '', page: 2 })).toBe('/p/x/list?filter=category%3Ddrugs&filter=method%3Dinquiry&page=2');
  });
});
