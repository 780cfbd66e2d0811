{{/* The pod of a pipeline job, shared by the Job and the CronJob; args: dict "root" $ "args" (list …) */}}
{{- define "floe-jobs.podTemplate" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- $c := dict "root" $root "component" "pipeline-job" -}}
metadata:
  labels:
    {{- include "floe.labels" $c | nindent 4 }}
    {{- with $v.run.id }}
    floe.dev/run-id: {{ . | quote }}
    {{- end }}
    {{- with $v.run.product }}
    floe.dev/product: {{ . | quote }}
    {{- end }}
spec:
  # The orchestrator retries runs (as new attempts); a pod never restarts.
  restartPolicy: Never
  serviceAccountName: {{ $v.serviceAccountName }}
  automountServiceAccountToken: false
  {{- include "floe.imagePullSecrets" $root | nindent 2 }}
  securityContext:
    {{- include "floe.podSecurityContext" (dict "uid" $v.podSecurity.uid) | nindent 4 }}
  containers:
    - name: job
      image: {{ include "floe.image" (dict "root" $root "image" $v.image) }}
      imagePullPolicy: {{ $v.image.pullPolicy }}
      args:
        {{- toYaml .args | nindent 8 }}
      env:
        - name: FLOE_DATABASE_URL
          valueFrom:
            secretKeyRef:
              name: {{ $v.store.existingSecret }}
              key: {{ $v.store.databaseUrlKey }}
        {{- if $v.warehouse.enabled }}
        - name: FLOE_WAREHOUSE_DIR
          value: /var/lib/floe/warehouse
        {{- end }}
        - name: OTEL_EXPORTER_OTLP_ENDPOINT
          value: {{ $v.observability.otlpEndpoint | quote }}
        - name: OTEL_SERVICE_NAME
          value: floe-job
        - name: OPENLINEAGE_URL
          value: {{ $v.observability.lineageEndpoint | quote }}
        - name: OPENLINEAGE_NAMESPACE
          value: {{ $v.observability.lineageNamespace | quote }}
        {{- range $name, $value := $v.env }}
        - name: {{ $name }}
          value: {{ $value | quote }}
        {{- end }}
        {{- range $v.secretEnv }}
        - name: {{ .name }}
          valueFrom:
            secretKeyRef:
              name: {{ .secretName }}
              key: {{ .key }}
        {{- end }}
      resources:
        {{- toYaml (index $v.resourcePresets $v.resourcePreset) | nindent 8 }}
      securityContext:
        {{- include "floe.containerSecurityContext" $root | nindent 8 }}
      volumeMounts:
        {{- include "floe.tmpVolumeMount" $root | nindent 8 }}
        {{- if $v.warehouse.enabled }}
        - name: warehouse
          mountPath: /var/lib/floe/warehouse
        {{- end }}
  volumes:
    {{- include "floe.tmpVolume" $root | nindent 4 }}
    {{- if $v.warehouse.enabled }}
    - name: warehouse
      persistentVolumeClaim:
        claimName: {{ $v.warehouse.claimName }}
    {{- end }}
{{- end -}}
