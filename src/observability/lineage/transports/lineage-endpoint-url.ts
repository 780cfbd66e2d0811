/** Where the http transport POSTs: `<endpoint>/api/v1/lineage` (the Marquez-compatible API). */
export function lineageEndpointUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/api/v1/lineage`;
}
