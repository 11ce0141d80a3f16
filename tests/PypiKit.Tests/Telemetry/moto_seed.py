"""Seeds a moto server with a small pypiserver-like stack for PypiKit's telemetry tests.

Usage: python3 moto_seed.py ENDPOINT data|auth
Prints one JSON object describing what was created. Talks only to ENDPOINT (a loopback moto server).
"""
import gzip
import json
import sys
import datetime as dt
import urllib.request

import boto3
from botocore.config import Config

endpoint, mode = sys.argv[1], sys.argv[2]
region = "us-east-1"


def client(name):
    # Request compression is off: moto 5.2.1 cannot read botocore's gzipped PutMetricData bodies.
    return boto3.client(name, endpoint_url=endpoint, region_name=region,
                        aws_access_key_id="testing", aws_secret_access_key="testing",
                        config=Config(disable_request_compression=True))


def post(path, body, content_type="application/json"):
    req = urllib.request.Request(endpoint + path, data=body.encode(), method="POST",
                                 headers={"Content-Type": content_type})
    urllib.request.urlopen(req).read()


def seed_auth():
    iam = client("iam")
    iam.create_user(UserName="pypikit")
    iam.put_user_policy(UserName="pypikit", PolicyName="all", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    key = iam.create_access_key(UserName="pypikit")["AccessKey"]
    role = iam.create_role(RoleName="pypikit-reader", AssumeRolePolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}))
    iam.put_role_policy(RoleName="pypikit-reader", PolicyName="all", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    ecs = client("ecs")
    ecs.create_cluster(clusterName="pypi")
    sts = boto3.client("sts", endpoint_url=endpoint, region_name=region, aws_access_key_id=key["AccessKeyId"],
                       aws_secret_access_key=key["SecretAccessKey"])
    session = sts.assume_role(RoleArn=role["Role"]["Arn"], RoleSessionName="pypikit-chain-test")["Credentials"]
    return {"access_key_id": key["AccessKeyId"], "secret_access_key": key["SecretAccessKey"],
            "role_arn": role["Role"]["Arn"], "cluster": "pypi",
            "session": {"access_key_id": session["AccessKeyId"], "secret_access_key": session["SecretAccessKey"],
                        "session_token": session["SessionToken"]}}


def seed_data():
    post("/moto-api/state-manager/set-transition",
         json.dumps({"model_name": "ecs::task", "transition": {"progression": "manual", "times": 1000000}}))
    ec2 = client("ec2")
    vpc = ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    subnets = [s["SubnetId"] for s in ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"]][:2]
    ami = ec2.describe_images()["Images"][0]["ImageId"]
    instances = [i["InstanceId"] for i in ec2.run_instances(ImageId=ami, MinCount=2, MaxCount=2, InstanceType="c6a.xlarge",
                                                             SubnetId=subnets[0])["Instances"]]

    ecs = client("ecs")
    cluster = "pypi"
    service = "pypiserver"
    ecs.create_cluster(clusterName=cluster)
    container_instances = []
    for iid in instances:
        doc = json.dumps({"instanceId": iid, "region": region, "instanceType": "c6a.xlarge"})
        r = ecs.register_container_instance(cluster=cluster, instanceIdentityDocument=doc)
        container_instances.append(r["containerInstance"]["containerInstanceArn"])
    td = ecs.register_task_definition(family="pypiserver", containerDefinitions=[{
        "name": "pypiserver", "image": "pypiserver/pypiserver:v2.3.0", "cpu": 640, "memory": 1536,
        "memoryReservation": 1024, "portMappings": [{"containerPort": 8080, "hostPort": 0}]}])
    td_arn = td["taskDefinition"]["taskDefinitionArn"]
    # A tiny task without host ports, for RunTask/StopTask tests (always fits on an instance).
    ecs.register_task_definition(family="probe", containerDefinitions=[
        {"name": "probe", "image": "busybox", "cpu": 8, "memory": 16}])

    elb = client("elbv2")
    lb = elb.create_load_balancer(Name="pypi-alb", Subnets=subnets, Scheme="internal")["LoadBalancers"][0]
    lb_arn = lb["LoadBalancerArn"]
    tg = elb.create_target_group(Name="pypi-tg", Protocol="HTTP", Port=8080, VpcId=vpc, TargetType="instance",
                                 HealthCheckPath="/", HealthCheckIntervalSeconds=10,
                                 HealthyThresholdCount=2, UnhealthyThresholdCount=2)["TargetGroups"][0]
    tg_arn = tg["TargetGroupArn"]
    elb.create_listener(LoadBalancerArn=lb_arn, Protocol="HTTP", Port=80,
                        DefaultActions=[{"Type": "forward", "TargetGroupArn": tg_arn}])
    elb.register_targets(TargetGroupArn=tg_arn, Targets=[{"Id": i, "Port": 32768 + n} for n, i in enumerate(instances)])
    elb.modify_target_group_attributes(TargetGroupArn=tg_arn, Attributes=[
        {"Key": "deregistration_delay.timeout_seconds", "Value": "300"},
        {"Key": "stickiness.enabled", "Value": "true"}])

    ecs.create_service(cluster=cluster, serviceName=service, taskDefinition=td_arn, desiredCount=3, launchType="EC2",
                       loadBalancers=[{"targetGroupArn": tg_arn, "containerName": "pypiserver", "containerPort": 8080}])
    tasks = ecs.run_task(cluster=cluster, taskDefinition=td_arn, count=3, launchType="EC2",
                         group="service:" + service, startedBy="ecs-svc/pypikit")["tasks"]
    task_arns = [t["taskArn"] for t in tasks]

    # CloudWatch: one value per 5 minutes over the last hour, values chosen so tests can check them.
    cw = client("cloudwatch")
    now = dt.datetime.now(dt.timezone.utc).replace(second=0, microsecond=0)
    times = [now - dt.timedelta(minutes=5 * k) for k in range(12, 0, -1)]
    fs = "fs-0123456789abcdef0"
    lb_dim = lb_arn.split(":loadbalancer/")[1]
    tg_dim = tg_arn.split(":")[-1]

    def put(namespace, name, dims, values, unit):
        data = [{"MetricName": name, "Dimensions": [{"Name": k, "Value": v} for k, v in dims.items()],
                 "Timestamp": t, "Value": float(v), "Unit": unit} for t, v in zip(times, values)]
        cw.put_metric_data(Namespace=namespace, MetricData=data)

    put("AWS/EFS", "PercentIOLimit", {"FileSystemId": fs}, [10 + k for k in range(12)], "Percent")
    put("AWS/EFS", "BurstCreditBalance", {"FileSystemId": fs}, [2.0e12 - k * 1e11 for k in range(12)], "Bytes")
    put("AWS/EFS", "ClientConnections", {"FileSystemId": fs}, [2] * 12, "Count")
    put("AWS/EFS", "MetadataIOBytes", {"FileSystemId": fs}, [1e6 * (k + 1) for k in range(12)], "Bytes")
    put("AWS/ECS", "CPUUtilization", {"ClusterName": cluster, "ServiceName": service}, [30 + 2 * k for k in range(12)], "Percent")
    put("AWS/ECS", "MemoryUtilization", {"ClusterName": cluster, "ServiceName": service}, [55] * 12, "Percent")
    put("AWS/ApplicationELB", "RequestCount", {"LoadBalancer": lb_dim}, [100 * (k + 1) for k in range(12)], "Count")
    put("AWS/ApplicationELB", "TargetResponseTime", {"LoadBalancer": lb_dim}, [0.25] * 12, "Seconds")
    put("AWS/ApplicationELB", "HealthyHostCount", {"LoadBalancer": lb_dim, "TargetGroup": tg_dim}, [2] * 12, "Count")
    for iid in instances:
        put("CWAgent", "mem_used_percent", {"InstanceId": iid}, [60 + k for k in range(12)], "Percent")
        put("CWAgent", "swap_used_percent", {"InstanceId": iid}, [k for k in range(12)], "Percent")
        put("AWS/EC2", "CPUCreditBalance", {"InstanceId": iid}, [144] * 12, "Count")
    # 510 distinct metrics so that ListMetrics needs two pages (CloudWatch pages at 500).
    for start in range(0, 510, 170):
        cw.put_metric_data(Namespace="PypiKit/Paging", MetricData=[
            {"MetricName": "m%03d" % n, "Value": 1.0, "Timestamp": now} for n in range(start, start + 170)])

    s3 = client("s3")
    bucket = "pypi-alb-logs"
    s3.create_bucket(Bucket=bucket)
    prefix = "AWSLogs/123456789012/elasticloadbalancing/us-east-1/2026/11/21/"
    keys = []
    for n in range(3):
        line = ('https 2026-11-21T10:0%d:00.000000Z app/pypi-alb/abc 10.0.0.%d:5000 10.0.1.5:32768 0.001 0.%d00 0.000 200 200 300 5000 '
                '"GET https://pypi.example.com:443/simple/pkg%d/ HTTP/1.1" "pip/24.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 '
                '%s "Root=1-abc" "pypi.example.com" "arn:aws:acm:us-east-1:123456789012:certificate/x" 99 '
                '2026-11-21T10:0%d:00.000000Z "forward" "-" "-" "10.0.1.5:32768" "200" "-" "-"') % (n, n, n + 1, n, tg_arn, n)
        key = prefix + "123456789012_elasticloadbalancing_us-east-1_app.pypi-alb.abc_20261121T100%dZ_10.0.0.1_x.log.gz" % n
        s3.put_object(Bucket=bucket, Key=key, Body=gzip.compress(((line + "\n") * (n + 1)).encode()))
        keys.append(key)

    sm = client("secretsmanager")
    secret = sm.create_secret(Name="pypiserver-secret",
                              SecretString=json.dumps({"username": "pypi-user", "password": "Sup3r-Secret-Passw0rd"}))

    return {"cluster": cluster, "service": service, "task_definition_arn": td_arn, "task_arns": task_arns,
            "instance_ids": instances, "container_instance_arns": container_instances,
            "load_balancer_arn": lb_arn, "target_group_arn": tg_arn, "file_system_id": fs,
            "bucket": bucket, "log_prefix": prefix, "log_keys": keys,
            "secret_name": "pypiserver-secret", "secret_arn": secret["ARN"],
            "metric_times": [t.isoformat() for t in times]}


print(json.dumps(seed_auth() if mode == "auth" else seed_data()))
