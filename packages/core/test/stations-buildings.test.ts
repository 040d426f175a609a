import { describe, expect, it } from 'vitest';
import {
  AppError,
  checkFloorList,
  floorLabelOf,
  floorListOrRefuse,
  floorOfBuilding,
  floorsAboveGround,
  isStoredFloorLabel,
  planBuildingMove,
  stationDeactivationRefusal,
  type StationOpenCounts,
} from '../src/index.ts';

const refusalOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof AppError) return { key: e.messageKey, params: e.params, code: e.code };
    throw e;
  }
  throw new Error('not refused');
};

describe('a building’s floor list (issue 21)', () => {
  it('reads what people type as the patrol’s labels and keeps a name of its own as written', () => {
    expect(['B2', 'b1', '-1', '负二层', '1', '2楼', ' 12 ', '12A', 'rf', '夹层'].map(floorLabelOf)).toEqual(['B2', 'B1', 'B1', 'B2', '1F', '2F', '12F', '12A', 'RF', '夹层']);
  });

  it('takes an ordered list with skipped floors: B2, B1, 1 … 12, 12A, 15', () => {
    const typed = ['B2', 'B1', ...Array.from({ length: 12 }, (_, i) => String(i + 1)), '12A', '15'];
    const labels = floorListOrRefuse(typed);
    expect(labels).toEqual(['B2', 'B1', '1F', '2F', '3F', '4F', '5F', '6F', '7F', '8F', '9F', '10F', '11F', '12F', '12A', '15F']);
    expect(floorsAboveGround(labels)).toBe(14);
    expect(labels!.every(isStoredFloorLabel)).toBe(true);
  });

  it('says which entry is wrong: empty, over 8 characters, with a space, twice (in any spelling), over 200', () => {
    expect(checkFloorList(['1', ' ', '2']).problems).toEqual([{ key: 'errors.building.floorEmpty', position: 2 }]);
    expect(checkFloorList(['1', '123456789']).problems).toEqual([{ key: 'errors.building.floorTooLong', position: 2, label: '123456789' }]);
    expect(checkFloorList(['一二三四五六七八']).problems).toEqual([]);
    expect(checkFloorList(['1 A']).problems).toEqual([{ key: 'errors.building.floorHasSpaces', position: 1, label: '1 A' }]);
    expect(checkFloorList(['B1', '1', '1楼']).problems).toEqual([{ key: 'errors.building.floorDuplicate', position: 3, label: '1F' }]);
    expect(checkFloorList(['12a', '12A']).problems).toEqual([{ key: 'errors.building.floorDuplicate', position: 2, label: '12A' }]);
    const many = Array.from({ length: 201 }, (_, i) => `${i + 1}`);
    expect(checkFloorList(many).problems).toEqual([{ key: 'errors.building.tooManyFloors', max: 200 }]);
    expect(checkFloorList(many.slice(0, 200)).problems).toEqual([]);
    expect(refusalOf(() => floorListOrRefuse(['1', '1']))).toEqual({ code: 'BAD_REQUEST', key: 'errors.building.floorDuplicate', params: { position: 2, label: '1F' } });
  });

  it('an empty list leaves the floors unknown', () => {
    expect(floorListOrRefuse([])).toBeNull();
    expect(floorsAboveGround(null)).toBeNull();
    expect(floorsAboveGround(['B2', 'B1'])).toBeNull();
  });

  it('a finding’s floor matches the new list: its own names as written, the rest as people say them', () => {
    const tower = { floors: 14, floorLabels: floorListOrRefuse(['B1', '1', '2', '12', '12A', '15']) };
    expect(floorOfBuilding(tower, '12a')).toBe('12A');
    expect(floorOfBuilding(tower, '15楼')).toBe('15F');
    expect(floorOfBuilding(tower, '负一层')).toBe('B1');
    expect(floorOfBuilding(tower, '13')).toBeNull();
    expect(floorOfBuilding(tower, '12B')).toBeNull();
  });
});

describe('moving a building (issue 21)', () => {
  const facts = { fromStationId: 'a', toStationId: 'b', toStationActive: true, openItems: 5 } as const;
  it('open items stay with the old station, or all go along, as the manager chose', () => {
    expect(planBuildingMove({ ...facts, openItemsOnMove: 'stay' })).toEqual({ moving: 0, staying: 5 });
    expect(planBuildingMove({ ...facts, openItemsOnMove: 'move' })).toEqual({ moving: 5, staying: 0 });
    expect(planBuildingMove({ ...facts, openItems: 0, openItemsOnMove: 'move' })).toEqual({ moving: 0, staying: 0 });
  });
  it('refuses the station it is at and a deactivated one', () => {
    expect(refusalOf(() => planBuildingMove({ ...facts, toStationId: 'a', openItemsOnMove: 'stay' })).key).toBe('errors.building.sameStation');
    expect(refusalOf(() => planBuildingMove({ ...facts, toStationActive: false, openItemsOnMove: 'stay' })).key).toBe('errors.building.stationInactive');
  });
});

describe('deactivating a station (issue 21)', () => {
  const none: StationOpenCounts = { consultation: 0, agency: 0, dispute: 0, patrol: 0, rounds: 0, shifts: 0, activities: 0, buildings: 0 };
  it('is allowed with nothing open', () => {
    expect(stationDeactivationRefusal(none)).toBeNull();
  });
  it.each(Object.keys(none))('is refused with one %s open, saying how many of each', (key) => {
    const refusal = stationDeactivationRefusal({ ...none, [key]: 1 });
    expect(refusal?.code).toBe('PRECONDITION_FAILED');
    expect(refusal?.messageKey).toBe('errors.station.openItemsRemain');
    expect(refusal?.params[key]).toBe(1);
  });
  it('counts the work items of every kind together as well', () => {
    expect(stationDeactivationRefusal({ ...none, consultation: 2, agency: 1, dispute: 3, patrol: 4 })?.params).toMatchObject({ items: 10, consultation: 2, agency: 1, dispute: 3, patrol: 4 });
  });
});

describe('a stored floor label', () => {
  it('is 1–8 characters without spaces or control characters', () => {
    expect(['B1', '12A', '夹层', 'RF'].every(isStoredFloorLabel)).toBe(true);
    expect(['', '1 A', '123456789', '1\u0000', '\t'].some(isStoredFloorLabel)).toBe(false);
  });
});
