// Which images the queue may serve to an annotator, beyond "not leased by someone else":
// review returns (a lead rejected the caller's mask: only they get it back) and consensus
// (overlap 2: a finished image is served once more, to a second, different annotator).
import { sql, type SQL } from "drizzle-orm";
import { annotations } from "@clickloop/db";

/** SQL condition on `images i` for `userId`. */
export function imageOpenFor(userId: string, overlap: 1 | 2): SQL {
  const open = sql`(
    i.status in ('unlabeled', 'in_progress')
    ${overlap === 2 ? sql`or (i.status in ('submitted', 'accepted') and (select count(*) from ${annotations} o where o.image_id = i.id and o.source = 'human' and o.status in ('submitted', 'accepted')) < 2)` : sql``}
  )`;
  return sql`${open}
    and not exists (select 1 from ${annotations} a where a.image_id = i.id and a.annotator_id = ${userId} and a.status not in ('draft', 'rejected'))
    and not exists (select 1 from ${annotations} r where r.image_id = i.id and r.status = 'rejected' and r.annotator_id is distinct from ${userId})`;
}

/** Images whose mask by `userId` a lead rejected (served back to them first). */
export function returnedTo(userId: string): SQL {
  return sql`exists (select 1 from ${annotations} a where a.image_id = i.id and a.annotator_id = ${userId} and a.status = 'rejected')`;
}
