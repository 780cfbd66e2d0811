{{/*
What every floe process of the chart gets: the state store connection (the
password from a Secret, never a value: PGPASSWORD, which node-postgres reads
when the URL has none), the admin token, the warehouse folder, traces and
lineage. Endpoints come from "floe.endpoint.*", which each chart defines
(in the platform namespace the services are local; a domain reaches them by
DNS in the platform namespace).
*/}}
{{- define "floe.database.env" -}}
{{- $pg := .Values.postgresql -}}
{{- if $pg.enabled }}
- name: FLOE_DATABASE_URL
  value: {{ printf "postgres://%s@postgresql.%s.svc.cluster.local:5432/%s" $pg.username .Release.Namespace $pg.database | quote }}
- name: PGPASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $pg.auth.existingSecret }}
      key: {{ $pg.auth.passwordKey }}
{{- else if $pg.external.secretKeys.databaseUrlKey }}
- name: FLOE_DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ $pg.external.existingSecret }}
      key: {{ $pg.external.secretKeys.databaseUrlKey }}
{{- else }}
- name: FLOE_DATABASE_URL
  value: {{ printf "postgres://%s@%s:%v/%s" $pg.external.username $pg.external.host $pg.external.port $pg.external.database | quote }}
- name: PGPASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $pg.external.existingSecret }}
      key: {{ $pg.external.secretKeys.passwordKey }}
{{- end }}
{{- end -}}

{{/* args: dict "root" $ "service" "orchestrator-webserver" */}}
{{- define "floe.orchestrator.env" -}}
{{- $root := .root -}}
{{- $o := $root.Values.orchestrator -}}
{{- include "floe.database.env" $root }}
{{- with $o.adminToken.existingSecret }}
- name: FLOE_ADMIN_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $o.adminToken.key }}
{{- end }}
{{- if $o.warehouse.enabled }}
- name: FLOE_WAREHOUSE_DIR
  value: /var/lib/floe/warehouse
{{- end }}
{{- with (include "floe.endpoint.otlpHttp" $root) }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ . | quote }}
{{- end }}
- name: OTEL_SERVICE_NAME
  value: {{ printf "floe-%s" .service | quote }}
{{- with (include "floe.endpoint.lineage" $root) }}
- name: OPENLINEAGE_URL
  value: {{ . | quote }}
{{- end }}
- name: OPENLINEAGE_NAMESPACE
  value: {{ $root.Values.global.observability.lineageNamespace | quote }}
{{- with (include "floe.endpoint.catalog" $root) }}
- name: POLARIS_HOST
  value: {{ . | quote }}
{{- end }}
{{- if $o.manifest }}
- name: FLOE_MANIFEST
  value: /etc/floe/manifest.yaml
{{- end }}
{{- with $o.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "floe.orchestrator.volumeMounts" -}}
{{- include "floe.tmpVolumeMount" . }}
{{- if .Values.orchestrator.manifest }}
- name: manifest
  mountPath: /etc/floe
  readOnly: true
{{- end }}
{{- end -}}

{{- define "floe.orchestrator.volumes" -}}
{{- include "floe.tmpVolume" . }}
{{- if .Values.orchestrator.manifest }}
- name: manifest
  configMap:
    name: floe-manifest
{{- end }}
{{- end -}}

{{/* The init container that holds a service until the store's schema is current (see the migration Job). */}}
{{- define "floe.orchestrator.waitForMigration" -}}
{{- if and .Values.orchestrator.migration.enabled .Values.orchestrator.migration.servicesWait }}
initContainers:
  # `floe orchestrator migrate` is idempotent and safe to run concurrently: it
  # returns at once when the migration Job has already applied the schema,
  # and waits on the store's migration lock while the Job is applying it.
  - name: wait-for-migration
    image: {{ include "floe.image" (dict "root" . "image" .Values.image) }}
    imagePullPolicy: {{ .Values.image.pullPolicy }}
    args: [orchestrator, migrate]
    env:
      {{- include "floe.database.env" . | nindent 6 }}
    resources:
      {{- toYaml .Values.orchestrator.migration.resources | nindent 6 }}
    securityContext:
      {{- include "floe.containerSecurityContext" . | nindent 6 }}
    volumeMounts:
      {{- include "floe.tmpVolumeMount" . | nindent 6 }}
{{- end }}
{{- end -}}
