{{/* The orchestrator: webserver (Deployment + Service), daemon (Deployment), the migration Job, the manifest ConfigMap. */}}
{{- define "floe-common.orchestrator.webserver" -}}
{{- $o := .Values.orchestrator -}}
{{- $w := $o.webserver -}}
{{- $c := dict "root" . "component" "orchestrator-webserver" -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: orchestrator-webserver
  labels:
    {{- include "floe.labels" $c | nindent 4 }}
spec:
  {{- if not $w.hpa.enabled }}
  replicas: {{ $w.replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
  selector:
    matchLabels:
      {{- include "floe.selectorLabels" $c | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "floe.labels" $c | nindent 8 }}
    spec:
      serviceAccountName: orchestrator-webserver
      automountServiceAccountToken: false
      {{- include "floe.imagePullSecrets" . | nindent 6 }}
      securityContext:
        {{- include "floe.podSecurityContext" (dict "uid" .Values.podSecurity.uid) | nindent 8 }}
      {{- if $w.spreadAcrossZones }}
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- include "floe.selectorLabels" $c | nindent 14 }}
      {{- end }}
      {{- include "floe.orchestrator.waitForMigration" . | nindent 6 }}
      containers:
        - name: webserver
          image: {{ include "floe.image" (dict "root" . "image" .Values.image) }}
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          args: [orchestrator, webserver]
          ports:
            - name: http
              containerPort: {{ $w.port }}
          env:
            - name: FLOE_PORT
              value: {{ $w.port | quote }}
            {{- include "floe.orchestrator.env" (dict "root" . "service" "orchestrator-webserver") | nindent 12 }}
          livenessProbe:
            httpGet:
              path: /health
              port: http
            periodSeconds: 10
            failureThreshold: 3
          readinessProbe:
            httpGet:
              path: /ready
              port: http
            periodSeconds: 5
            failureThreshold: 3
          resources:
            {{- toYaml $w.resources | nindent 12 }}
          securityContext:
            {{- include "floe.containerSecurityContext" . | nindent 12 }}
          volumeMounts:
            {{- include "floe.orchestrator.volumeMounts" . | nindent 12 }}
      volumes:
        {{- include "floe.orchestrator.volumes" . | nindent 8 }}
---
apiVersion: v1
kind: Service
metadata:
  name: orchestrator
  labels:
    {{- include "floe.labels" $c | nindent 4 }}
    # The ServiceMonitor scrapes Services with this label.
    floe.dev/metrics: "true"
spec:
  type: {{ $w.service.type }}
  selector:
    {{- include "floe.selectorLabels" $c | nindent 4 }}
  ports:
    - name: http
      port: {{ $w.port }}
      targetPort: http
{{- end -}}

{{- define "floe-common.orchestrator.daemon" -}}
{{- $o := .Values.orchestrator -}}
{{- $d := $o.daemon -}}
{{- $c := dict "root" . "component" "orchestrator-daemon" -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: orchestrator-daemon
  labels:
    {{- include "floe.labels" $c | nindent 4 }}
spec:
  # single: exactly one daemon, and never two during a rollout (Recreate);
  # ha: two, one active, leader elected through a Lease.
  replicas: {{ eq $d.mode "ha" | ternary $d.haReplicas 1 }}
  revisionHistoryLimit: 5
  strategy:
    {{- if eq $d.mode "ha" }}
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 1
      maxSurge: 0
    {{- else }}
    type: Recreate
    {{- end }}
  selector:
    matchLabels:
      {{- include "floe.selectorLabels" $c | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "floe.labels" $c | nindent 8 }}
    spec:
      serviceAccountName: orchestrator-daemon
      {{- include "floe.imagePullSecrets" . | nindent 6 }}
      securityContext:
        {{- include "floe.podSecurityContext" (dict "uid" .Values.podSecurity.uid) | nindent 8 }}
      # A stopping daemon releases leadership and leaves running jobs to the next one.
      terminationGracePeriodSeconds: {{ $d.restartTimeoutSeconds }}
      {{- include "floe.orchestrator.waitForMigration" . | nindent 6 }}
      containers:
        - name: daemon
          image: {{ include "floe.image" (dict "root" . "image" .Values.image) }}
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          args: [orchestrator, daemon, --launcher, {{ $o.launcher.type }}]
          env:
            - name: FLOE_DAEMON_MODE
              value: {{ $d.mode }}
            - name: POD_NAME
              valueFrom:
                fieldRef:
                  fieldPath: metadata.name
            {{- if eq $o.launcher.type "kubernetes" }}
            - name: FLOE_JOB_IMAGE
              value: {{ include "floe.image" (dict "root" . "image" .Values.image) }}
            - name: FLOE_JOB_SERVICE_ACCOUNT
              value: floe-pipeline-job
            {{- if $o.warehouse.enabled }}
            - name: FLOE_JOB_WAREHOUSE_CLAIM
              value: floe-warehouse
            {{- end }}
            {{- end }}
            {{- include "floe.orchestrator.env" (dict "root" . "service" "orchestrator-daemon") | nindent 12 }}
          livenessProbe:
            # Exits non-zero when the daemon's heartbeat in the store is stale.
            exec:
              command: [floe, orchestrator, liveness-check]
            initialDelaySeconds: {{ $d.healthCheckIntervalSeconds }}
            periodSeconds: {{ $d.livenessProbe.periodSeconds }}
            failureThreshold: {{ $d.livenessProbe.failureThreshold }}
            timeoutSeconds: 10
          resources:
            {{- toYaml $d.resources | nindent 12 }}
          securityContext:
            {{- include "floe.containerSecurityContext" . | nindent 12 }}
          volumeMounts:
            {{- include "floe.orchestrator.volumeMounts" . | nindent 12 }}
            {{- if and $o.warehouse.enabled (ne $o.launcher.type "kubernetes") }}
            - name: warehouse
              mountPath: /var/lib/floe/warehouse
            {{- end }}
      volumes:
        {{- include "floe.orchestrator.volumes" . | nindent 8 }}
        {{- if and $o.warehouse.enabled (ne $o.launcher.type "kubernetes") }}
        - name: warehouse
          persistentVolumeClaim:
            claimName: floe-warehouse
        {{- end }}
{{- end -}}

{{/*
The migration, as its own one-shot Job (not a Helm hook, so `helm template`
output applies as is and `floe platform deploy` can wait for it). Named by
release revision: a Job's pod template cannot change, each upgrade gets a new one.
*/}}
{{- define "floe-common.orchestrator.migration" -}}
{{- $m := .Values.orchestrator.migration -}}
{{- $c := dict "root" . "component" "orchestrator-migration" -}}
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ printf "orchestrator-migrate-%d" (int .Release.Revision) }}
  labels:
    {{- include "floe.labels" $c | nindent 4 }}
spec:
  backoffLimit: {{ $m.backoffLimit }}
  activeDeadlineSeconds: {{ $m.activeDeadlineSeconds }}
  ttlSecondsAfterFinished: {{ $m.ttlSecondsAfterFinished }}
  template:
    metadata:
      labels:
        {{- include "floe.labels" $c | nindent 8 }}
    spec:
      restartPolicy: Never
      serviceAccountName: floe-services
      automountServiceAccountToken: false
      {{- include "floe.imagePullSecrets" . | nindent 6 }}
      securityContext:
        {{- include "floe.podSecurityContext" (dict "uid" .Values.podSecurity.uid) | nindent 8 }}
      containers:
        - name: migrate
          image: {{ include "floe.image" (dict "root" . "image" .Values.image) }}
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          args: [orchestrator, migrate]
          env:
            {{- include "floe.database.env" . | nindent 12 }}
          resources:
            {{- toYaml $m.resources | nindent 12 }}
          securityContext:
            {{- include "floe.containerSecurityContext" . | nindent 12 }}
          volumeMounts:
            {{- include "floe.tmpVolumeMount" . | nindent 12 }}
      volumes:
        {{- include "floe.tmpVolume" . | nindent 8 }}
{{- end -}}

{{- define "floe-common.orchestrator.manifest" -}}
{{- if .Values.orchestrator.manifest }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: floe-manifest
  labels:
    {{- include "floe.labels" (dict "root" . "component" "orchestrator") | nindent 4 }}
data:
  manifest.yaml: {{ .Values.orchestrator.manifest | quote }}
{{- end }}
{{- end -}}

{{/* The warehouse volume for an embedded DuckDB compute (FLOE_WAREHOUSE_DIR). */}}
{{- define "floe-common.orchestrator.warehouse" -}}
{{- $w := .Values.orchestrator.warehouse -}}
{{- if $w.enabled }}
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: floe-warehouse
  labels:
    {{- include "floe.labels" (dict "root" . "component" "warehouse") | nindent 4 }}
spec:
  accessModes: [{{ $w.accessMode }}]
  {{- with $w.storageClass }}
  storageClassName: {{ . }}
  {{- end }}
  resources:
    requests:
      storage: {{ $w.size }}
{{- end }}
{{- end -}}

{{- define "floe-common.orchestrator.webserver.disruption" -}}
{{- $w := .Values.orchestrator.webserver -}}
{{- $c := dict "root" . "component" "orchestrator-webserver" -}}
{{- if $w.pdb.enabled }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: orchestrator-webserver
  labels:
    {{- include "floe.labels" $c | nindent 4 }}
spec:
  minAvailable: {{ $w.pdb.minAvailable }}
  selector:
    matchLabels:
      {{- include "floe.selectorLabels" $c | nindent 6 }}
{{- end }}
{{- if $w.hpa.enabled }}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: orchestrator-webserver
  labels:
    {{- include "floe.labels" $c | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: orchestrator-webserver
  minReplicas: {{ $w.hpa.minReplicas }}
  maxReplicas: {{ $w.hpa.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $w.hpa.targetCPUUtilizationPercentage }}
{{- end }}
{{- end -}}
