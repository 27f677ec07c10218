/**
 * Vendor adapters: each turns one CI/CD or incident tool's export into canonical rows.
 *
 * @module
 */
export * from "./adapter.ts";
export * from "./argo_cd.ts";
export * from "./export_times.ts";
export * from "./gh_run_list.ts";
export * from "./github_actions.ts";
export * from "./github_deployments.ts";
export * from "./gitlab_deployments.ts";
export * from "./opsgenie.ts";
export * from "./pagerduty.ts";
export * from "./registry.ts";
export * from "./servicenow.ts";
export * from "./spinnaker.ts";
export * from "./vendor_fields.ts";
