import bcrypt from "bcryptjs";
import { z } from "zod";

const COST = 11;

export const Password = z
  .string()
  .min(10, "Use at least 10 characters.")
  .max(200, "Use at most 200 characters.");

export const hashPassword = (password: string) => bcrypt.hash(password, COST);

export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  if (!hash) {
    // Compare against a dummy hash so a missing account takes as long as a wrong password.
    dummyHash ??= bcrypt.hashSync("origin-watch-timing-guard", COST);
    await bcrypt.compare(password, dummyHash);
    return false;
  }
  return bcrypt.compare(password, hash);
}

let dummyHash: string | undefined;
