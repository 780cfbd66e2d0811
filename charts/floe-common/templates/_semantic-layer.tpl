{{/* The semantic layer: Cube (GraphQL/REST on :4000) with Redis for its cache and queue. Off by default. */}}
{{- define "floe-common.semantic" -}}
{{- $s := .Values.semantic -}}
{{- $cube := dict "root" . "component" "cube" -}}
{{- $redis := dict "root" . "component" "redis" -}}
{{- if $s.enabled }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: cube
  labels:
    {{- include "floe.labels" $cube | nindent 4 }}
spec:
  replicas: {{ $s.cube.replicas }}
  selector:
    matchLabels:
      {{- include "floe.selectorLabels" $cube | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "floe.labels" $cube | nindent 8 }}
    spec:
      serviceAccountName: floe-services
      automountServiceAccountToken: false
      securityContext:
        {{- include "floe.podSecurityContext" (dict "uid" .Values.podSecurity.uid) | nindent 8 }}
      containers:
        - name: cube
          image: {{ printf "%s:%s" $s.cube.image.repository $s.cube.image.tag }}
          ports:
            - name: http
              containerPort: 4000
          env:
            - name: CUBEJS_DB_TYPE
              value: {{ .Values.global.compute.type | quote }}
            - name: CUBEJS_CACHE_AND_QUEUE_DRIVER
              value: redis
            - name: CUBEJS_REDIS_URL
              value: {{ printf "redis://redis.%s.svc.cluster.local:6379" .Release.Namespace | quote }}
            - name: CUBEJS_API_SECRET
              valueFrom:
                secretKeyRef:
                  name: {{ $s.cube.apiSecret.existingSecret }}
                  key: {{ $s.cube.apiSecret.key }}
            {{- with (include "floe.endpoint.catalog" .) }}
            - name: POLARIS_HOST
              value: {{ . | quote }}
            {{- end }}
          readinessProbe:
            httpGet:
              path: /readyz
              port: http
          livenessProbe:
            httpGet:
              path: /livez
              port: http
          resources:
            {{- toYaml $s.cube.resources | nindent 12 }}
          securityContext:
            {{- include "floe.containerSecurityContext" . | nindent 12 }}
          volumeMounts:
            {{- include "floe.tmpVolumeMount" . | nindent 12 }}
      volumes:
        {{- include "floe.tmpVolume" . | nindent 8 }}
---
apiVersion: v1
kind: Service
metadata:
  name: cube
  labels:
    {{- include "floe.labels" $cube | nindent 4 }}
spec:
  selector:
    {{- include "floe.selectorLabels" $cube | nindent 4 }}
  ports:
    - name: http
      port: 4000
      targetPort: http
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: redis
  labels:
    {{- include "floe.labels" $redis | nindent 4 }}
spec:
  replicas: 1
  selector:
    matchLabels:
      {{- include "floe.selectorLabels" $redis | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "floe.labels" $redis | nindent 8 }}
    spec:
      serviceAccountName: floe-services
      automountServiceAccountToken: false
      securityContext:
        # uid 999 is the redis user of the official image.
        {{- include "floe.podSecurityContext" (dict "uid" 999) | nindent 8 }}
      containers:
        - name: redis
          image: {{ printf "%s:%s" $s.redis.image.repository $s.redis.image.tag }}
          args: [--save, "", --appendonly, "no"]
          ports:
            - name: redis
              containerPort: 6379
          readinessProbe:
            exec:
              command: [redis-cli, ping]
          resources:
            {{- toYaml $s.redis.resources | nindent 12 }}
          securityContext:
            {{- include "floe.containerSecurityContext" . | nindent 12 }}
          volumeMounts:
            - name: data
              mountPath: /data
      volumes:
        - name: data
          emptyDir: {}
---
apiVersion: v1
kind: Service
metadata:
  name: redis
  labels:
    {{- include "floe.labels" $redis | nindent 4 }}
spec:
  selector:
    {{- include "floe.selectorLabels" $redis | nindent 4 }}
  ports:
    - name: redis
      port: 6379
      targetPort: redis
{{- end }}
{{- end -}}
