// Validates what `kubectl kustomize` renders from deploy/kubernetes, offline (deploy/kubernetes/check):
//   1. every object against the Kubernetes JSON schema of its kind (npm kubernetes-models), and
//   2. what Floe's manifests promise (docs/kubernetes.md): probes on SmallRye Health's started/live/ready, requests
//      and limits, non-root with a read-only root file system and a /tmp emptyDir, no capabilities, no service
//      account token, credentials only by Secret reference, two coordinators (one leads), rolled one at a time, a Service per service, a
//      PodDisruptionBudget per worker, default-deny NetworkPolicies with the allowed paths, no Secret committed.
//
//   node validate.mjs <name>=<rendered.yaml> ...
//
// kubernetes-models checks types, formats, enums and required fields, but lets unknown fields through: the checks
// of part 2 are what catch a misspelt probe or securityContext field. Before anything else it makes sure the schema
// validation really rejects a broken object.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

const SERVICES = ['coordinator', 'offload-worker', 'maintenance-worker', 'auditor'];
const WORKERS = SERVICES.filter(s => s !== 'coordinator');
const CREDENTIALS = ['FLOE_CLICKHOUSE_PASSWORD', 'FLOE_PG_PASSWORD', 'FLOE_S3_ACCESS_KEY', 'FLOE_S3_SECRET_KEY'];
let failures = 0;

function report(ok, what, detail = '') {
  console.log(`${ok ? 'ok  ' : 'FAIL'}  ${what}${!ok && detail ? `: ${detail}` : ''}`);
  if (!ok) failures++;
}

/** The kubernetes-models class for an object's apiVersion and kind, e.g. apps/v1 Deployment. */
async function modelClass(apiVersion, kind) {
  const module = await import(`kubernetes-models/${apiVersion}`).catch(() => null);
  return module?.[kind];
}

async function schemaErrors(object) {
  const Model = await modelClass(object.apiVersion, object.kind);
  if (!Model) return `no schema for ${object.apiVersion} ${object.kind}`;
  try {
    new Model(object).validate();
    return null;
  } catch (error) {
    return String(error.message);
  }
}

// --- the validator must reject what is wrong ------------------------------------------------------------------
const broken = {
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'broken' },
  spec: { template: { metadata: { labels: { a: 'b' } },
    spec: { containers: [{ name: 'c', image: 'i', resources: { limits: { memory: 'lots' } } }] } } },
};
const brokenErrors = await schemaErrors(broken);
report(brokenErrors !== null && /selector/.test(brokenErrors) && /memory/.test(brokenErrors),
  'the schema validation rejects a Deployment without selector and with a memory limit of "lots"', String(brokenErrors));

for (const argument of process.argv.slice(2)) {
  const [name, file] = argument.split('=');
  const documents = parseAllDocuments(readFileSync(file, 'utf8'));
  const objects = documents.map(d => d.toJS()).filter(Boolean);
  console.log(`-- ${name}: ${objects.length} objects`);

  // 1. schemas
  const invalid = [];
  for (const object of objects) {
    const errors = await schemaErrors(object);
    if (errors) invalid.push(`${object.kind}/${object.metadata?.name}: ${errors}`);
  }
  report(invalid.length === 0, `${name}: every object valid against its Kubernetes schema (${objects.length})`, invalid.join('; '));

  const find = (kind, objectName) => objects.find(o => o.kind === kind && o.metadata?.name === objectName);
  report(!objects.some(o => o.kind === 'Secret'), `${name}: no Secret in the manifests (credentials are created by the operator)`);

  // 2. what the manifests promise, per service
  for (const service of SERVICES) {
    const deployment = find('Deployment', service);
    if (!deployment) { report(false, `${name}: Deployment ${service}`, 'missing'); continue; }
    const pod = deployment.spec.template.spec;
    const container = pod.containers.find(c => c.name === service) ?? pod.containers[0];
    const problems = [];
    const probe = (kind, path) => {
      const p = container[kind];
      if (p?.httpGet?.path !== path || p.httpGet.port !== 'http') problems.push(`${kind} not on ${path}`);
    };
    probe('startupProbe', '/q/health/started');
    probe('livenessProbe', '/q/health/live');
    probe('readinessProbe', '/q/health/ready');
    if (!container.ports?.some(p => p.name === 'http' && p.containerPort === 8080)) problems.push('no port http 8080');
    for (const side of ['requests', 'limits']) {
      for (const resource of ['cpu', 'memory']) {
        if (!container.resources?.[side]?.[resource]) problems.push(`no ${resource} ${side.slice(0, -1)}`);
      }
    }
    const pc = pod.securityContext ?? {};
    const cc = container.securityContext ?? {};
    if (pc.runAsNonRoot !== true || !(pc.runAsUser > 0)) problems.push('pod may run as root');
    if (pc.seccompProfile?.type !== 'RuntimeDefault') problems.push('no RuntimeDefault seccomp profile');
    if (cc.readOnlyRootFilesystem !== true) problems.push('root file system writable');
    if (cc.allowPrivilegeEscalation !== false) problems.push('privilege escalation allowed');
    if (JSON.stringify(cc.capabilities?.drop) !== '["ALL"]') problems.push('capabilities not all dropped');
    const tmp = container.volumeMounts?.find(m => m.mountPath === '/tmp');
    if (!tmp || !pod.volumes?.find(v => v.name === tmp.name)?.emptyDir) problems.push('no emptyDir on /tmp');
    if (pod.automountServiceAccountToken !== false) problems.push('service account token mounted');
    const account = find('ServiceAccount', pod.serviceAccountName);
    if (!account || account.automountServiceAccountToken !== false) problems.push(`service account ${pod.serviceAccountName} missing or mounting its token`);
    const env = container.env ?? [];
    for (const variable of CREDENTIALS) {
      const entry = env.find(e => e.name === variable);
      if (!entry?.valueFrom?.secretKeyRef) problems.push(`${variable} not from a Secret`);
    }
    const literalSecrets = env.filter(e => /PASSWORD|SECRET|_KEY$|TOKEN/.test(e.name) && e.value !== undefined
      && !(e.name === 'FLOE_API_JWT_PUBLIC_KEY' && e.value.startsWith('/')));
    if (literalSecrets.length) problems.push(`literal ${literalSecrets.map(e => e.name).join(', ')}`);
    const config = container.envFrom?.map(e => e.configMapRef?.name).find(Boolean);
    const configMap = config && find('ConfigMap', config);
    if (!configMap) problems.push('settings ConfigMap missing');
    else {
      const literalInConfig = Object.keys(configMap.data ?? {}).filter(k => /PASSWORD|SECRET|ACCESS_KEY|TOKEN/.test(k));
      if (literalInConfig.length) problems.push(`ConfigMap holds ${literalInConfig.join(', ')}`);
    }
    if (!new RegExp(`floe-${service}(:|$)`).test(container.image.split('/').pop())) problems.push(`image ${container.image}`);
    const selector = deployment.spec.selector.matchLabels;
    const serviceObject = find('Service', service);
    if (!serviceObject || JSON.stringify(serviceObject.spec.selector) !== JSON.stringify(selector)
        || !serviceObject.spec.ports.some(p => p.port === 8080)) problems.push('no Service selecting it on 8080');
    const headless = find('Service', `${service}-headless`);
    if (!headless || headless.spec.clusterIP !== 'None' || headless.spec.publishNotReadyAddresses !== true) {
      problems.push('no headless Service for Prometheus');
    }
    report(problems.length === 0, `${name}: ${service}: probes, resources, hardening, Secret references, Services`, problems.join(', '));
  }

  const coordinator = find('Deployment', 'coordinator');
  const rolling = coordinator?.spec.strategy?.rollingUpdate;
  report(coordinator?.spec.replicas >= 2 && coordinator.spec.strategy?.type === 'RollingUpdate'
      && rolling?.maxSurge === 0 && rolling?.maxUnavailable === 1,
    `${name}: two coordinators (one leads, the other stands by), replaced one at a time (RollingUpdate, maxSurge 0)`,
    `replicas ${coordinator?.spec.replicas}, strategy ${JSON.stringify(coordinator?.spec.strategy)}`);
  const coordinatorBudget = objects.find(o => o.kind === 'PodDisruptionBudget'
      && JSON.stringify(o.spec.selector?.matchLabels) === JSON.stringify(coordinator?.spec.selector.matchLabels));
  report(coordinatorBudget?.spec.maxUnavailable === 1,
    `${name}: a PodDisruptionBudget keeps one coordinator up through a drain (maxUnavailable 1)`);
  for (const worker of WORKERS) {
    const deployment = find('Deployment', worker);
    const budget = objects.find(o => o.kind === 'PodDisruptionBudget'
      && JSON.stringify(o.spec.selector?.matchLabels) === JSON.stringify(deployment?.spec.selector.matchLabels));
    report(Boolean(budget) && (budget.spec.maxUnavailable !== undefined || budget.spec.minAvailable !== undefined),
      `${name}: ${worker}: a PodDisruptionBudget`);
  }

  // NetworkPolicies: default deny both ways for every Floe pod, then the allowed paths.
  const policies = objects.filter(o => o.kind === 'NetworkPolicy');
  const podLabels = Object.fromEntries(SERVICES.map(s => [s, find('Deployment', s)?.spec.template.metadata.labels ?? {}]));
  const selects = (policy, service) => Object.entries(policy.spec.podSelector?.matchLabels ?? {})
    .every(([k, v]) => podLabels[service][k] === v);
  const deny = policies.find(p => !p.spec.ingress && !p.spec.egress
    && ['Ingress', 'Egress'].every(t => p.spec.policyTypes?.includes(t)));
  report(Boolean(deny) && SERVICES.every(s => selects(deny, s)), `${name}: a default-deny NetworkPolicy (in and out) selects every service`);
  const ingressTo = (service, port) => policies.filter(p => selects(p, service) && p.spec.ingress?.some(rule =>
    rule.ports?.some(x => x.port === port || x.port === 'http')));
  const allowed = (service, port, label) => ingressTo(service, port).some(p => p.spec.ingress.some(rule =>
    rule.from?.some(peer => Object.entries(peer.podSelector?.matchLabels ?? {}).some(([k, v]) => `${k}=${v}` === label))));
  report(SERVICES.every(s => allowed(s, 8080, 'app.kubernetes.io/name=prometheus')),
    `${name}: Prometheus may reach every service's metrics port`);
  report(allowed('coordinator', 8080, 'floe.k2.io/api-client=true') && !WORKERS.some(w => allowed(w, 8080, 'floe.k2.io/api-client=true')),
    `${name}: API clients may reach the coordinator, and only the coordinator`);
  report(WORKERS.every(w => ingressTo(w, 8080).every(p => p.spec.ingress.every(rule =>
      rule.from?.every(peer => peer.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'prometheus')))),
    `${name}: nothing but Prometheus may reach the workers`);
  const egressPorts = service => new Set(policies.filter(p => selects(p, service))
    .flatMap(p => p.spec.egress ?? []).flatMap(rule => (rule.ports ?? []).map(x => `${x.protocol}/${x.port}`)));
  const needed = { DNS: ['UDP/53'], broker: ['TCP/9092', 'TCP/9093'], ClickHouse: ['TCP/8123', 'TCP/8443'],
    PostgreSQL: ['TCP/5432'], S3: ['TCP/443', 'TCP/9000'] };
  for (const service of SERVICES) {
    const ports = egressPorts(service);
    const unreachable = Object.entries(needed).filter(([, options]) => !options.some(o => ports.has(o))).map(([what]) => what);
    report(unreachable.length === 0, `${name}: ${service} may reach DNS, the broker, ClickHouse, PostgreSQL and S3`,
      `not: ${unreachable.join(', ')}`);
  }
}

console.log(failures === 0 ? 'kubernetes check: passed' : `kubernetes check: ${failures} checks failed`);
process.exit(failures === 0 ? 0 : 1);
