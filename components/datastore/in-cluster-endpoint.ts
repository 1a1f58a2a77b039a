/** The port of an object store's endpoint, when it is not HTTPS's 443 (NetworkPolicies open 443 already). */
export function endpointPort(url: string | undefined): number | undefined {
  if (!url) return undefined;
  const parsed = new URL(url);
  const port = parsed.port ? Number(parsed.port) : parsed.protocol === "http:" ? 80 : 443;
  return port === 443 ? undefined : port;
}
