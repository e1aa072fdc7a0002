// The manifests the playground offers to start from.
export interface Sample {
  id: string;
  title: string;
  yaml: string;
}

/** The default StorageClass the samples with claims start with, followed by `---`. */
const DEFAULT_STORAGE_CLASS = `# The cluster's default StorageClass (kind and minikube ship one like it): it provisions the claims.
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: standard
  annotations:
    storageclass.kubernetes.io/is-default-class: "true"
provisioner: rancher.io/local-path
---
`;

export const WEB_STATEFULSET = `# The tutorial's example: a headless Service and a StatefulSet of three nginx pods.
${DEFAULT_STORAGE_CLASS}apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app: nginx
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
  replicas: 3
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
        - name: nginx
          image: registry.k8s.io/nginx-slim:0.8
          ports:
            - containerPort: 80
              name: web
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

export const DEPLOYMENT = `# A stateless Deployment behind a normal Service: interchangeable pods with random names.
apiVersion: v1
kind: Service
metadata:
  name: frontend
spec:
  selector:
    app: frontend
  ports:
    - port: 80
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: frontend
spec:
  replicas: 3
  selector:
    matchLabels:
      app: frontend
  template:
    metadata:
      labels:
        app: frontend
    spec:
      containers:
        - name: web
          image: nginx:1.25
          ports:
            - containerPort: 80
`;

export const DATABASE = `# A replicated database as a StatefulSet: one claim per replica, started one by one.
# The simulator runs its replicated-db app model in each pod (the sim.k8s.course/app annotation):
# db-0 is the primary, db-1 replicates from it through its stable DNS name db-0.db.
${DEFAULT_STORAGE_CLASS}apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  clusterIP: None
  selector:
    app: db
  ports:
    - port: 5432
      name: postgres
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: 2
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
      annotations:
        sim.k8s.course/app: replicated-db
        sim.k8s.course/data-path: /var/lib/postgresql/data
    spec:
      containers:
        - name: postgres
          image: postgres:16
          env:
            - name: PRIMARY_HOST
              value: db-0.db
          ports:
            - containerPort: 5432
              name: postgres
          volumeMounts:
            - name: data
              mountPath: /var/lib/postgresql/data
  volumeClaimTemplates:
    - metadata:
        name: data
      spec:
        accessModes: ["ReadWriteOnce"]
        storageClassName: standard
        resources:
          requests:
            storage: 5Gi
`;

export const SAMPLES: Sample[] = [
  { id: 'web', title: 'StatefulSet "web" + headless Service (tutorial)', yaml: WEB_STATEFULSET },
  { id: 'deployment', title: 'Deployment "frontend" + Service', yaml: DEPLOYMENT },
  { id: 'database', title: 'Database "db": StatefulSet with volumeClaimTemplates', yaml: DATABASE },
];
