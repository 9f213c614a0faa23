import { describe, expect, test } from 'vitest';
import { listOwner, queueOwner } from './ownership';

describe('whose customers a list shows', () => {
  test('the queue opens on mine for sales, on everyone’s for the others', () => {
    expect(queueOwner({}, 'sales')).toBe('me');
    expect(queueOwner({}, 'admin')).toBe('all');
    expect(queueOwner({}, 'manager')).toBe('all');
    expect(queueOwner({}, 'viewer')).toBe('all');
    expect(queueOwner({}, undefined)).toBe('all');
  });

  test('the URL wins either way; anything else falls back to the role’s default', () => {
    expect(queueOwner({ owner: 'all' }, 'sales')).toBe('all');
    expect(queueOwner({ owner: 'me' }, 'admin')).toBe('me');
    expect(queueOwner({ owner: '42' }, 'sales')).toBe('me');
  });

  test('the customer list is "All" unless the URL says owner=me', () => {
    expect(listOwner({})).toBe('all');
    expect(listOwner({ owner: 'me' })).toBe('me');
    expect(listOwner({ owner: 'all' })).toBe('all');
  });
});
