import { randomBytes } from "node:crypto";

/** A protocol id such as `sess_…`, `item_…`, `resp_…`, `call_…` or `event_…`. */
export const newId = (prefix: string) => `${prefix}_${randomBytes(9).toString("base64url")}`;
