import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    user?: {
      id?: string;
      email?: string | null;
      name?: string | null;
      image?: string | null;
      /** This session's random id, and the user's sessions_valid_from at sign-in: lib/auth/session.ts. */
      sid?: string;
      sessionsSince?: number;
    };
  }
  interface User {
    sessionsSince?: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    sid?: string;
    sessionsSince?: number;
  }
}
