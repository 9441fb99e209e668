#!/usr/bin/env python3
"""Checks the deployment files kubernetes-validate cannot: it knows the core Kubernetes schemas only, and
merely warns about custom resources (KEDA ScaledObject/TriggerAuthentication, Strimzi KafkaTopic) and the
Kustomization. This validates those against the subset of their schemas we use (unknown fields rejected),
checks that kustomization.yaml lists files that exist, and that topics.yaml and docker-compose.yml create
exactly the topics of Sources/KafkaClient/BounceWorkerTopics.swift with its partition counts, compacted where
they must be. Runs with the virtual environment of scripts/check-deploy.sh (PyYAML, jsonschema)."""
import pathlib
import re
import sys

import jsonschema
import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
K8S = ROOT / "deploy" / "kubernetes"
COMPACTED = {"blacklist", "bounce-worker.policy-state"}
CORE_GROUPS = {"v1", "apps/v1", "policy/v1", "autoscaling/v2", "batch/v1", "networking.k8s.io/v1"}


def obj(properties, required=(), extra=False):
    return {"type": "object", "properties": properties, "required": list(required),
            "additionalProperties": extra}


STRING = {"type": "string"}
INT = {"type": "integer", "minimum": 0}
METADATA = obj({"name": STRING, "namespace": STRING, "labels": {"type": "object"},
                "annotations": {"type": "object"}}, ["name"])
KAFKA_TRIGGER = obj({
    "type": {"const": "kafka"},
    "metadata": obj({k: STRING for k in [
        "bootstrapServers", "consumerGroup", "topic", "lagThreshold", "activationLagThreshold",
        "offsetResetPolicy", "allowIdleConsumers", "sasl", "tls", "scaleToZeroOnInvalidOffset",
        "excludePersistentLag", "limitToPartitionsWithLag"]}, ["bootstrapServers", "consumerGroup", "lagThreshold"]),
    "authenticationRef": obj({"name": STRING, "kind": STRING}, ["name"]),
}, ["type", "metadata"])
SCHEMAS = {
    ("keda.sh/v1alpha1", "ScaledObject"): obj({
        "apiVersion": STRING, "kind": STRING, "metadata": METADATA,
        "spec": obj({
            "scaleTargetRef": obj({"name": STRING, "kind": STRING, "apiVersion": STRING}, ["name"]),
            "minReplicaCount": INT, "maxReplicaCount": INT, "pollingInterval": INT, "cooldownPeriod": INT,
            "idleReplicaCount": INT,
            "advanced": obj({"horizontalPodAutoscalerConfig": {"type": "object"},
                             "restoreToOriginalReplicaCount": {"type": "boolean"}}),
            "triggers": {"type": "array", "minItems": 1, "items": KAFKA_TRIGGER},
        }, ["scaleTargetRef", "triggers"]),
    }, ["apiVersion", "kind", "metadata", "spec"]),
    ("keda.sh/v1alpha1", "TriggerAuthentication"): obj({
        "apiVersion": STRING, "kind": STRING, "metadata": METADATA,
        "spec": obj({"secretTargetRef": {"type": "array", "items": obj(
            {"parameter": {"enum": ["username", "password", "ca", "cert", "key", "sasl", "tls", "keyPassword"]},
             "name": STRING, "key": STRING}, ["parameter", "name", "key"])}}, ["secretTargetRef"]),
    }, ["apiVersion", "kind", "metadata", "spec"]),
    ("kafka.strimzi.io/v1beta2", "KafkaTopic"): obj({
        "apiVersion": STRING, "kind": STRING, "metadata": METADATA,
        "spec": obj({"partitions": {"type": "integer", "minimum": 1}, "replicas": {"type": "integer", "minimum": 1},
                     "topicName": STRING, "config": {"type": "object",
                                                     "additionalProperties": {"type": ["string", "integer"]}}},
                    ["partitions", "replicas"]),
    }, ["apiVersion", "kind", "metadata", "spec"]),
    ("kustomize.config.k8s.io/v1beta1", "Kustomization"): obj({
        "apiVersion": STRING, "kind": STRING, "namespace": STRING,
        "resources": {"type": "array", "items": STRING},
        "images": {"type": "array", "items": obj({"name": STRING, "newName": STRING, "newTag": STRING}, ["name"])},
        "labels": {"type": "array", "items": obj({"pairs": {"type": "object"}, "includeSelectors": {"type": "boolean"}},
                                                 ["pairs"])},
    }, ["apiVersion", "kind", "resources"]),
}


def expected_topics():
    source = (ROOT / "Sources" / "KafkaClient" / "BounceWorkerTopics.swift").read_text()
    names = dict(re.findall(r'static let (\w+) = "([^"]+)"', source))
    pairs = re.findall(r'\((\w+), (\d+)\)', source)
    return {names[var]: int(count) for var, count in pairs}


def main():
    problems = []
    topics_yaml = {}
    for path in sorted(K8S.glob("*.yaml")):
        for document in yaml.safe_load_all(path.read_text()):
            if not document:
                continue
            key = (document.get("apiVersion"), document.get("kind"))
            schema = SCHEMAS.get(key)
            if schema is None:
                if key[0] not in CORE_GROUPS:
                    problems.append(f"{path.name}: {key[1]} ({key[0]}) is checked by nothing")
                continue
            for error in jsonschema.Draft7Validator(schema).iter_errors(document):
                where = "/".join(str(p) for p in error.absolute_path)
                problems.append(f"{path.name}: {key[1]} {where}: {error.message}")
            if key[1] == "Kustomization":
                for resource in document.get("resources", []):
                    if not (K8S / resource).exists():
                        problems.append(f"{path.name}: resource {resource} does not exist")
            if key[1] == "KafkaTopic":
                spec = document["spec"]
                topics_yaml[document["metadata"]["name"]] = (spec["partitions"],
                                                             spec.get("config", {}).get("cleanup.policy"))
    expected = expected_topics()
    for name, partitions in expected.items():
        policy = "compact" if name in COMPACTED else None
        if topics_yaml.get(name) != (partitions, policy):
            problems.append(f"topics.yaml: {name} should have {partitions} partitions, cleanup.policy {policy}; "
                            f"has {topics_yaml.get(name)}")
    for name in set(topics_yaml) - set(expected):
        problems.append(f"topics.yaml: {name} is not a BounceWorker topic")
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    script = compose["services"]["topics"]["command"][0]
    created = {m[0]: (int(m[1]), m[2] or None) for m in re.findall(r"^create (\S+) (\d+)(?: (\w+))?$", script, re.M)}
    for name, partitions in expected.items():
        policy = "compact" if name in COMPACTED else None
        if created.get(name) != (partitions, policy):
            problems.append(f"docker-compose.yml: topics job should create {name} with {partitions} partitions, "
                            f"cleanup.policy {policy}; creates {created.get(name)}")
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"custom resources and topics: {'FAILED' if problems else 'ok'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
