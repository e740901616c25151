import { z } from "zod";
import { Password } from "@/lib/auth/passwords";
import { Role } from "@/lib/auth/roles";

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "Enter an email address.")
  .max(254, "That email address is too long.")
  .email("Enter a valid email address.");

const Name = z.string().trim().max(100, "Use at most 100 characters.").optional();

export const SetupInput = z.object({ email: Email, name: Name, password: Password });
export type SetupInput = z.infer<typeof SetupInput>;

export const SignInInput = z.object({
  email: Email,
  password: z.string().min(1, "Enter your password.").max(200),
});
export type SignInInput = z.infer<typeof SignInInput>;

export const CreateUserInput = z.object({ email: Email, name: Name, password: Password, role: Role });
export type CreateUserInput = z.infer<typeof CreateUserInput>;

export const UpdateUserInput = z
  .object({
    name: Name,
    role: Role.optional(),
    disabled: z.boolean().optional(),
    password: Password.optional(),
    /** Required when you change your own password. */
    currentPassword: z.string().max(200).optional(),
  })
  .strict();
export type UpdateUserInput = z.infer<typeof UpdateUserInput>;

export const CreateTokenInput = z.object({
  name: z.string().trim().min(1, "Give the token a name.").max(100, "Use at most 100 characters."),
  role: Role,
  expiresInDays: z.number().int().min(1, "At least 1 day.").max(3650, "At most 3650 days.").optional(),
});
export type CreateTokenInput = z.infer<typeof CreateTokenInput>;

/** A user as the API answers it (no password hash). */
export const PublicUser = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: Role,
  disabled: z.boolean(),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
});
export type PublicUser = z.infer<typeof PublicUser>;

/** An API token as the API answers it: never the token itself (only its display prefix). */
export const PublicApiToken = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  role: Role,
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type PublicApiToken = z.infer<typeof PublicApiToken>;
