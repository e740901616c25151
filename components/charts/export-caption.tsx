"use client";
// What an exported chart image says about itself beyond its title: the range, the time zone its
// times are drawn in, and the filters. A page that shows charts provides it once; every ChartCard
// under it prints it in its PNG.
import { createContext, useContext } from "react";

export const ExportCaptionContext = createContext<string[]>([]);

export function useExportCaption(): string[] {
  return useContext(ExportCaptionContext);
}
