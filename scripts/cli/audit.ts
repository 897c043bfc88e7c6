// CLI actions that touch personal data (exports, case packages, purges) are written to the same
// append-only audit log as the review app's actions.
import type { Db } from 'mongodb';
import { AuditLog } from '../../storage/audit.ts';

export async function recordAudit(
  db: Db,
  user: string,
  action: string,
  target: string | undefined,
  details: Record<string, unknown>,
): Promise<void> {
  await new AuditLog(db).append(user, action, target, details);
}
