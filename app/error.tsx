"use client";
// Errors of the signed-in layout itself (app/(app)/layout.tsx reads the session and the database)
// land here, one level up from app/(app)/error.tsx: the same page, e.g. while the database is down.
export { default } from "./(app)/error";
