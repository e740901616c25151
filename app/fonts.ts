import localFont from "next/font/local";

// Inter from npm (@fontsource-variable/inter): no font CDN is reachable from where we run.
export const inter = localFont({
  src: "../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2",
  display: "swap",
  variable: "--font-inter",
});
