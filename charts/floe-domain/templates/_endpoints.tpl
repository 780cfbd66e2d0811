{{/* A domain reaches the shared services by DNS in the platform namespace. */}}
{{- define "floe.endpoint.otlpHttp" -}}
{{- default (printf "http://otel-collector.%s.svc.cluster.local:4318" .Values.platform.namespace) .Values.global.observability.otlpEndpoint -}}
{{- end -}}

{{- define "floe.endpoint.lineage" -}}
{{- default (printf "http://marquez.%s.svc.cluster.local:5000" .Values.platform.namespace) .Values.global.observability.lineageEndpoint -}}
{{- end -}}

{{- define "floe.endpoint.catalog" -}}
{{- if .Values.platform.catalog -}}
{{- printf "polaris.%s.svc.cluster.local" .Values.platform.namespace -}}
{{- end -}}
{{- end -}}
