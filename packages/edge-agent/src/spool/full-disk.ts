import type { Logger } from 'pino';
import type { DiskReserve } from './disk-reserve.js';
import { isDiskFull } from './errors.js';
import type { Db } from './sqlite-file.js';

/**
 * Runs a write; on a full disk (issue #10, item 19) restarts the WAL so the write can reuse the
 * WAL file's space (its pages are copied into the database first), tries again, and for a
 * deletion (`mayRelease`) gives back the disk reserve and tries once more. Throws the last error.
 */
export function retryOnFullDisk<T>(db: Db, reserve: DiskReserve, log: Logger, write: () => T, mayRelease: boolean): T {
  try {
    return write();
  } catch (err) {
    if (!isDiskFull(err)) throw err;
    try {
      db.pragma('wal_checkpoint(RESTART)');
      return write();
    } catch (again) {
      if (!isDiskFull(again) || !mayRelease || !reserve.release()) throw again;
      log.warn('disk full while deleting delivered readings; reserve released / 디스크 가득 참, 예비 공간 사용');
      return write();
    }
  }
}
