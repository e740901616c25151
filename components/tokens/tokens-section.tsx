"use client";
import { useState } from "react";
import type { Role } from "@/lib/auth/roles";
import { CreateTokenForm } from "@/components/tokens/create-token-form";
import { NewTokenBox } from "@/components/tokens/new-token-box";
import { TokensTable, type TokenRowData } from "@/components/tokens/tokens-table";


/** The token list and the create form; a new token's secret lives only in this state, never stored. */
export function TokensSection({ tokens, roles }: { tokens: TokenRowData[]; roles: Role[] }) {
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  return (
    <>
      {created ? <NewTokenBox name={created.name} token={created.token} onDone={() => setCreated(null)} /> : null}
      <TokensTable tokens={tokens} />
      <CreateTokenForm roles={roles} onCreated={setCreated} />
    </>
  );
}
