{{/*
Restricted pod security (the Kubernetes "restricted" Pod Security Standard):
non-root, no privilege escalation, read-only root filesystem, every
capability dropped, the runtime's default seccomp profile. Writable places
are emptyDir volumes (`/tmp`) or PersistentVolumeClaims.
*/}}
{{/* args: dict "uid" 10001 */}}
{{- define "floe.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .uid }}
runAsGroup: {{ .uid }}
fsGroup: {{ .uid }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "floe.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "floe.tmpVolumeMount" -}}
- name: tmp
  mountPath: /tmp
{{- end -}}

{{- define "floe.tmpVolume" -}}
- name: tmp
  emptyDir: {}
{{- end -}}
