{{/*
PostgreSQL in the cluster (a StatefulSet with its own PVC), for the
orchestrator's state and, in the platform namespace, the lineage and catalog
databases (created by the init SQL). Production uses a managed PostgreSQL
instead: `postgresql.enabled: false` and `postgresql.external`.
*/}}
{{- define "floe-common.postgresql" -}}
{{- $pg := .Values.postgresql -}}
{{- $c := dict "root" . "component" "postgresql" -}}
{{- if $pg.enabled }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: postgresql-init
  labels:
    {{- include "floe.labels" $c | nindent 4 }}
data:
  10-databases.sql: |
    -- Runs once, when the data volume is first initialised.
    {{- range $pg.extraDatabases }}
    CREATE DATABASE {{ . }} OWNER {{ $pg.username }};
    {{- end }}
---
apiVersion: v1
kind: Service
metadata:
  name: postgresql
  labels:
    {{- include "floe.labels" $c | nindent 4 }}
spec:
  selector:
    {{- include "floe.selectorLabels" $c | nindent 4 }}
  ports:
    - name: postgresql
      port: 5432
      targetPort: postgresql
---
apiVersion: v1
kind: Service
metadata:
  name: postgresql-headless
  labels:
    {{- include "floe.labels" $c | nindent 4 }}
spec:
  clusterIP: None
  selector:
    {{- include "floe.selectorLabels" $c | nindent 4 }}
  ports:
    - name: postgresql
      port: 5432
      targetPort: postgresql
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: postgresql
  labels:
    {{- include "floe.labels" $c | nindent 4 }}
spec:
  serviceName: postgresql-headless
  replicas: 1
  selector:
    matchLabels:
      {{- include "floe.selectorLabels" $c | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "floe.labels" $c | nindent 8 }}
    spec:
      serviceAccountName: floe-services
      automountServiceAccountToken: false
      securityContext:
        # uid 70 is the postgres user of the alpine image.
        {{- include "floe.podSecurityContext" (dict "uid" 70) | nindent 8 }}
      containers:
        - name: postgresql
          image: {{ printf "%s:%s" $pg.image.repository $pg.image.tag }}
          ports:
            - name: postgresql
              containerPort: 5432
          env:
            - name: POSTGRES_USER
              value: {{ $pg.username | quote }}
            - name: POSTGRES_DB
              value: {{ $pg.database | quote }}
            - name: POSTGRES_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: {{ $pg.auth.existingSecret }}
                  key: {{ $pg.auth.passwordKey }}
            - name: PGDATA
              value: /var/lib/postgresql/data/pgdata
          readinessProbe:
            exec:
              command: [pg_isready, -U, {{ $pg.username | quote }}, -d, {{ $pg.database | quote }}]
            periodSeconds: 5
          livenessProbe:
            exec:
              command: [pg_isready, -U, {{ $pg.username | quote }}, -d, {{ $pg.database | quote }}]
            periodSeconds: 10
            failureThreshold: 6
          resources:
            {{- toYaml $pg.resources | nindent 12 }}
          securityContext:
            {{- include "floe.containerSecurityContext" . | nindent 12 }}
          volumeMounts:
            - name: data
              mountPath: /var/lib/postgresql/data
            - name: init
              mountPath: /docker-entrypoint-initdb.d
              readOnly: true
            - name: run
              mountPath: /var/run/postgresql
            {{- include "floe.tmpVolumeMount" . | nindent 12 }}
      volumes:
        - name: init
          configMap:
            name: postgresql-init
        - name: run
          emptyDir: {}
        {{- include "floe.tmpVolume" . | nindent 8 }}
  volumeClaimTemplates:
    - metadata:
        name: data
      spec:
        accessModes: [ReadWriteOnce]
        {{- with $pg.persistence.storageClass }}
        storageClassName: {{ . }}
        {{- end }}
        resources:
          requests:
            storage: {{ $pg.persistence.size }}
{{- end }}
{{- end -}}

{{/* host, port, user and password env of a service that connects to the chart's PostgreSQL (or the external one). */}}
{{- define "floe.postgresql.host" -}}
{{- if .Values.postgresql.enabled -}}
{{- printf "postgresql.%s.svc.cluster.local" .Release.Namespace -}}
{{- else -}}
{{- .Values.postgresql.external.host -}}
{{- end -}}
{{- end -}}

{{- define "floe.postgresql.port" -}}
{{- .Values.postgresql.enabled | ternary 5432 .Values.postgresql.external.port -}}
{{- end -}}

{{- define "floe.postgresql.user" -}}
{{- .Values.postgresql.enabled | ternary .Values.postgresql.username .Values.postgresql.external.username -}}
{{- end -}}

{{- define "floe.postgresql.passwordRef" -}}
secretKeyRef:
  name: {{ .Values.postgresql.enabled | ternary .Values.postgresql.auth.existingSecret .Values.postgresql.external.existingSecret }}
  key: {{ .Values.postgresql.enabled | ternary .Values.postgresql.auth.passwordKey .Values.postgresql.external.secretKeys.passwordKey }}
{{- end -}}
