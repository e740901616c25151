import type { Metadata } from "next";
import { headers } from "next/headers";
import { inter } from "@/app/fonts";
import "@/app/globals.css";
import { NonceProvider } from "@/components/ui/nonce";
import { NONCE_HEADER } from "@/lib/security/headers";

export const metadata: Metadata = {
  title: { default: "Origin Watch", template: "%s · Origin Watch" },
  description: "Which backend is failing behind your proxy, since when, why, and what to check first.",
};

// Reads the theme before first paint so a dark-mode user never sees a white flash.
const themeScript = `try{var t=localStorage.getItem("ow-theme");if(!t){t=matchMedia("(prefers-color-scheme: dark)").matches?"dark":"light"}document.documentElement.dataset.theme=t}catch(e){}`;

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // The proxy's nonce for this response (proxy.ts). Reading the request also makes every page
  // render per request, which a nonce needs: a page built ahead of time would carry a stale one.
  const nonce = (await headers()).get(NONCE_HEADER) ?? undefined;
  return (
    <html lang="en" className={inter.variable} suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body>
        <NonceProvider nonce={nonce}>{children}</NonceProvider>
      </body>
    </html>
  );
}
