{{/* floe-jobs is not a platform: it defines no shared endpoints of its own. */}}
{{- define "floe.endpoint.otlpHttp" -}}{{- end -}}
{{- define "floe.endpoint.lineage" -}}{{- end -}}
{{- define "floe.endpoint.catalog" -}}{{- end -}}
