interface Metadata {
  name?: string;
  namespace?: string;
}

/** Id and server-side metadata of any Kubernetes object (`kubernetes:<group>/<version>:<Kind>`). */
export function kubernetesObject(
  inputs: Record<string, unknown>,
  name: string,
  hex: (length: number) => string,
): { id: string; state: Record<string, unknown> } {
  const metadata = (inputs["metadata"] ?? {}) as Metadata;
  const objectName = metadata.name ?? `${name}-${hex(8)}`;
  const id = metadata.namespace ? `${metadata.namespace}/${objectName}` : objectName;
  const uid = `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
  return {
    id,
    state: {
      ...inputs,
      metadata: { ...metadata, name: objectName, uid, resourceVersion: "1", generation: 1 },
    },
  };
}
