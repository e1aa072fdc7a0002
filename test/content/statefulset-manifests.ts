// Manifests shared by the lesson claim tests of part 4: the course's running example, a headless
// Service `nginx` and a StatefulSet `web` whose pods each get a claim from the template `www`.
import * as k8s from '../fixtures/k8s';

export interface WebSetOptions {
  replicas?: number;
  /** Extra lines of StatefulSet spec, indented two spaces (e.g. `  podManagementPolicy: Parallel`). */
  extraSpec?: string;
  image?: string;
}

export function webSet(options: WebSetOptions = {}): string {
  const { replicas = 3, extraSpec = '', image = 'registry.k8s.io/nginx-slim:0.8' } = options;
  return `apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  clusterIP: None
  selector:
    app: nginx
  ports:
  - port: 80
    name: web
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: ${replicas}
${extraSpec ? `${extraSpec.replace(/\n$/, '')}\n` : ''}  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: ${image}
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: ["ReadWriteOnce"]
      resources:
        requests:
          storage: 1Gi
`;
}

/** A default StorageClass whose provisioner creates volumes on demand. */
export function storageClass(bindingMode: 'Immediate' | 'WaitForFirstConsumer'): string {
  return `${k8s.storageClass('local', { isDefault: true, bindingMode })}---\n`;
}
