import bcrypt from "bcryptjs";

const COST = 10;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  // Compare against a dummy hash when the user does not exist, so timing does not reveal which emails exist.
  return bcrypt.compare(password, hash ?? "$2b$10$CwTycUXWue0Thq9StjUM0uJ8.qJ6gk5Z8z0Qk8yQ1rA1bq1m2o3Ze");
}
