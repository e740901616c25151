import type { Metadata } from "next";
import { inter } from "@/app/fonts";
import "@/app/globals.css";

export const metadata: Metadata = {
  title: { default: "Origin Watch", template: "%s · Origin Watch" },
  description: "Which backend is failing behind your proxy, since when, why, and what to check first.",
};

// Reads the theme before first paint so a dark-mode user never sees a white flash.
const themeScript = `try{var t=localStorage.getItem("ow-theme");if(!t){t=matchMedia("(prefers-color-scheme: dark)").matches?"dark":"light"}document.documentElement.dataset.theme=t}catch(e){}`;

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" className={inter.variable} suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body>{children}</body>
    </html>
  );
}
