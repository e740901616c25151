// The dialog moved to components/ui (sources, backends and events share it); components/backends
// still imports it from here until its owners switch to "@/components/ui/confirm-dialog".
export { ConfirmDialog } from "@/components/ui/confirm-dialog";
