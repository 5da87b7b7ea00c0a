#!/usr/bin/env python3
"""End-to-end test of `stepline serve --api`: the AWS Step Functions JSON API and the Lambda REST API on one
port, driven by the real `aws` CLI (v1) and boto3 with nothing changed but the endpoint:

- the AWS "Getting started" walk-through (Lambda function MyHelloFunction + HelloWorldWorkflow), command for
  command with `aws`, ending in SUCCEEDED and the output "Hello, cloudpicker!";
- GetExecutionHistory (first/last events, timestamps, paging with nextToken);
- typed errors (ExecutionDoesNotExist, InvalidDefinition, StateMachineDoesNotExist, StateMachineTypeNotSupported);
- activities: GetActivityTask then SendTaskSuccess / SendTaskFailure;
- StopExecution; StartSyncExecution on an EXPRESS machine; versions and aliases;
- the Lambda API: Invoke, GetFunction, ListFunctions, DeleteFunction.

    python3 Tests/api/api_test.py --stepline .build/debug/stepline [--amqp-url amqp://guest:guest@127.0.0.1:5672/]

With --amqp-url the same checks run against a service over RabbitMQ whose Task states run on two workers,
which find the uploaded function in the functions folder they share with the service.

Needs boto3 and the `aws` CLI. Prints one line per check (`ok …` / `FAIL …`); the last line is
'N passed, N failed'; exits 1 if any check failed.
"""
import argparse, datetime, io, json, os, shutil, signal, socket, subprocess, sys, tempfile, time, uuid, zipfile

import boto3
import botocore.config

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "Tests", "support"))
from stepline_checks import Checks, free_port  # noqa: E402


REGION = "us-east-1"
ACCOUNT = "111111111111"
LAMBDA_ROLE = f"arn:aws:iam::{ACCOUNT}:role/lambda-ex"
SFN_ROLE = f"arn:aws:iam::{ACCOUNT}:role/StepFunctionsLambdaRole"

# The API key of every run (written to a credentials file the server reads; SigV4 is checked).
ACCESS_KEY = "AKIAAPITEST000000001"
SECRET_KEY = "apiTestSecretKey/0000000000000000000000+"

# The seed's files, byte for byte (the walk-through's Step 1 and Step 2).
LAMBDA_FUNCTION_PY = """import json


def lambda_handler(event, context):
    print(f"Received event: {event}")
    message = event.get('name', 'World')
    return {
        'statusCode': 200,
        'body': json.dumps(f'Hello, {message}!')
    }
"""

HELLO_WORKFLOW_JSON = """{
  "Comment": "A simple Hello World workflow.",
  "StartAt": "InvokeLambda",
  "States": {
    "InvokeLambda": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {
        "Payload.$": "$",
        "FunctionName": "arn:aws:lambda:<YOUR_REGION>:<YOUR_ACCOUNT_ID>:function:MyHelloFunction"
      },
      "OutputPath": "$.Payload.body",
      "End": true
    }
  }
}
""".replace("<YOUR_REGION>", REGION).replace("<YOUR_ACCOUNT_ID>", ACCOUNT)


def wait_for_port(port, process, seconds=20):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stepline", default=os.path.join(ROOT, ".build/debug/stepline"))
    ap.add_argument("--amqp-url", help="also run serve over this RabbitMQ, with Task states on two `stepline worker`s")
    args = ap.parse_args()
    stepline = os.path.abspath(args.stepline)
    work = tempfile.mkdtemp(prefix="stepline-api-")
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    log_path = os.path.join(work, "serve.log")
    log = open(log_path, "w")
    t = Checks()
    started = time.time()

    # A key of this run's own (SigV4 is checked on every request), and uploads allowed: the walk-through uploads a function.
    credentials = os.path.join(work, "credentials")
    with open(os.open(credentials, os.O_CREAT | os.O_WRONLY, 0o600), "w") as f:
        f.write(f"[default]\naws_access_key_id = {ACCESS_KEY}\naws_secret_access_key = {SECRET_KEY}\nstepline_policy = admin\n")
    base_config = os.path.join(work, "base.json")
    with open(base_config, "w") as f:
        json.dump({"lambda": {"allowUpload": True}}, f)
    command = [stepline, "serve", "--db", os.path.join(work, "s.db"), "--api", f"127.0.0.1:{port}",
               "--credentials", credentials, "--config", base_config]
    workers = []
    if args.amqp_url:
        # Queues of this run only, and the uploaded functions' folder shared with the workers.
        prefix = f"stepline-api-test.{uuid.uuid4().hex[:8]}"
        config = os.path.join(work, "stepline.json")
        with open(config, "w") as f:
            json.dump({
                "lambda": {"allowUpload": True},
                "functionsDirectory": os.path.join(work, "functions"),
                "queues": {q: f"{prefix}.{q}" for q in ("start", "deadLetter", "events", "jobs", "results", "callbacks")}
                | {"activityPrefix": f"{prefix}.activity."},
            }, f)
        command = command[:-2] + ["--amqp-url", args.amqp_url, "--config", config]
        for _ in range(2):
            workers.append(subprocess.Popen([stepline, "worker", "--amqp-url", args.amqp_url, "--config", config],
                                            stdout=log, stderr=log))
    server = subprocess.Popen(command, stdout=log, stderr=log)
    try:
        if t.check(wait_for_port(port, server), f"stepline serve accepts connections on 127.0.0.1:{port}"):
            run_all(t, work, endpoint)
            # A second service cannot take the same port: it says why and exits 2 instead of retrying forever.
            other = subprocess.run([stepline, "serve", "--db", os.path.join(work, "other.db"), "--api", f"127.0.0.1:{port}"],
                                   capture_output=True, text=True, timeout=60)
            t.check(other.returncode == 2 and "Address already in use" in other.stderr,
                    "serve --api on a port in use exits 2 and says why", f"(status {other.returncode}) {other.stderr[-200:]}")
    finally:
        for w in workers:
            w.send_signal(signal.SIGTERM)
        for w in workers:
            try:
                w.wait(timeout=20)
            except subprocess.TimeoutExpired:
                w.kill(); w.wait()
        server.send_signal(signal.SIGTERM)
        try:
            code = server.wait(timeout=20)
            t.check(code == 0, "stepline serve stops on SIGTERM with status 0", f"(status {code})")
        except subprocess.TimeoutExpired:
            server.kill(); server.wait()
            t.check(False, "stepline serve stops on SIGTERM within 20 s")
        log.close()
    if t.failed:
        print(f"--- stepline serve output ({log_path}) ---")
        with open(log_path, errors="replace") as f:
            sys.stdout.write(f.read()[-20000:])
        print("--- end ---")
    print(f"api test: {time.time() - started:.1f} s, work dir {work}")
    if not t.failed:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{t.passed} passed, {len(t.failed)} failed")
    return 0 if not t.failed else 1


def kept_alive(t, sfn):
    """Calls on one kept-alive connection answer at once: no 40 ms wait for the client's delayed ACK per call
    (a response written in two parts on a socket with Nagle's algorithm on). 1,000 calls take under 2 s on this
    machine; the bound here is loose, to catch the stall (40 s) and not the machine's load."""
    sfn.list_state_machines()
    started = time.time()
    for _ in range(1000):
        sfn.list_state_machines()
    took = time.time() - started
    t.check(took < 15, "1,000 signed boto3 calls on one kept-alive connection do not stall", f"({took:.1f} s)")
    print(f"  1,000 ListStateMachines on one connection: {took:.2f} s")


def run_all(t, work, endpoint):
    creds = dict(region_name=REGION, aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY)
    # GetActivityTask long-polls up to 60 s; no retries, so a refusal shows as it is.
    config = botocore.config.Config(read_timeout=90, retries={"max_attempts": 1})
    sfn = boto3.client("stepfunctions", endpoint_url=endpoint, config=config, **creds)
    lam = boto3.client("lambda", endpoint_url=endpoint, config=config, **creds)
    # botocore sends StartSyncExecution to `sync-HOST` unless told not to.
    sync_sfn = boto3.client("stepfunctions", endpoint_url=endpoint,
                            config=config.merge(botocore.config.Config(inject_host_prefix=False)), **creds)

    hello = {}
    t.section("getting started", lambda: getting_started(t, work, endpoint, hello))
    t.section("test-state and start-sync-execution with the aws CLI", lambda: cli_sync_actions(t, work, endpoint))
    t.section("kept-alive connections", lambda: kept_alive(t, sfn))
    t.section("history", lambda: history(t, sfn, hello.get("executionArn")))
    t.section("errors", lambda: errors(t, sfn, sync_sfn))
    t.section("activities", lambda: activities(t, sfn))
    t.section("stop", lambda: stop(t, sfn))
    t.section("express", lambda: express(t, sfn, sync_sfn))
    t.section("versions", lambda: versions(t, sfn))
    t.section("lambda", lambda: lambda_api(t, lam))


# MARK: - The walk-through with the aws CLI

def cli_runner(work, endpoint, cwd, **extra_env):
    """`aws ARGV… --endpoint-url ENDPOINT` in `cwd` with this run's key and no other AWS configuration; the
    answer's JSON."""
    env = dict(os.environ, AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY, AWS_DEFAULT_REGION=REGION,
               AWS_CONFIG_FILE=os.path.join(work, "no-aws-config"),
               AWS_SHARED_CREDENTIALS_FILE=os.path.join(work, "no-aws-credentials"), **extra_env)
    env.pop("AWS_PROFILE", None); env.pop("AWS_SESSION_TOKEN", None)

    def aws(*argv):
        p = subprocess.run(["aws", *argv, "--endpoint-url", endpoint], cwd=cwd, env=env,
                           capture_output=True, text=True, timeout=60)
        if p.returncode != 0:
            raise RuntimeError(f"aws {' '.join(argv[:2])} exited {p.returncode}: {p.stderr.strip()}")
        return json.loads(p.stdout) if p.stdout.strip() else {}
    return aws


def getting_started(t, work, endpoint, hello):
    cli = os.path.join(work, "cli")
    os.makedirs(cli)
    aws = cli_runner(work, endpoint, cli)

    with open(os.path.join(cli, "lambda_function.py"), "w") as f:
        f.write(LAMBDA_FUNCTION_PY)
    with open(os.path.join(cli, "hello_workflow.json"), "w") as f:
        f.write(HELLO_WORKFLOW_JSON)
    # `zip function.zip lambda_function.py`, as the walk-through says, when `zip` is installed; `zip` is often
    # missing from minimal images, so otherwise the same archive is built with Python's zipfile.
    if shutil.which("zip"):
        subprocess.run(["zip", "function.zip", "lambda_function.py"], cwd=cli, check=True, capture_output=True)
    else:
        with zipfile.ZipFile(os.path.join(cli, "function.zip"), "w", zipfile.ZIP_DEFLATED) as z:
            z.write(os.path.join(cli, "lambda_function.py"), "lambda_function.py")

    created = aws("lambda", "create-function",
                  "--function-name", "MyHelloFunction",
                  "--runtime", "python3.9",
                  "--role", LAMBDA_ROLE,
                  "--handler", "lambda_function.lambda_handler",
                  "--zip-file", "fileb://function.zip",
                  "--region", REGION)
    t.check(created.get("FunctionName") == "MyHelloFunction"
            and created.get("FunctionArn") == f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:MyHelloFunction",
            "aws lambda create-function answers the function's name and ARN", created)

    machine = aws("stepfunctions", "create-state-machine",
                  "--name", "HelloWorldWorkflow",
                  "--definition", "file://hello_workflow.json",
                  "--role-arn", SFN_ROLE,
                  "--region", REGION)
    machine_arn = f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:HelloWorldWorkflow"
    t.check(machine.get("stateMachineArn") == machine_arn, "aws stepfunctions create-state-machine", machine)

    started = aws("stepfunctions", "start-execution",
                  "--state-machine-arn", machine_arn,
                  "--input", '{"name": "cloudpicker"}',
                  "--region", REGION)
    arn = started.get("executionArn", "")
    t.check(arn.startswith(f"arn:aws:states:{REGION}:{ACCOUNT}:execution:HelloWorldWorkflow:"),
            "aws stepfunctions start-execution answers an executionArn", started)
    hello["executionArn"] = arn

    deadline = time.time() + 30
    while True:
        d = aws("stepfunctions", "describe-execution",
                "--execution-arn", arn,
                "--region", REGION)
        if d.get("status") != "RUNNING" or time.time() > deadline:
            break
        time.sleep(0.2)
    t.check(d.get("status") == "SUCCEEDED", "aws stepfunctions describe-execution: SUCCEEDED",
            f"{d.get('status')} {d.get('error')} {d.get('cause')}")
    output = d.get("output")
    t.check(output is not None and json.loads(output) == '"Hello, cloudpicker!"',
            'the execution\'s output is the Lambda body "\\"Hello, cloudpicker!\\""', repr(output))


def cli_sync_actions(t, work, endpoint):
    """TestState and StartSyncExecution from the aws CLI itself. botocore sends both to `sync-HOST`, which
    does not resolve for 127.0.0.1; AWS_DISABLE_HOST_PREFIX_INJECTION=true (as the README says) keeps the host."""
    cli = os.path.join(work, "cli-sync")
    os.makedirs(cli)
    aws = cli_runner(work, endpoint, cli, AWS_DISABLE_HOST_PREFIX_INJECTION="true")

    passing = {"Type": "Pass", "InputPath": "$.order", "Parameters": {"id.$": "$.id", "ok": True},
               "ResultPath": "$.checked", "Next": "Ship"}
    r = aws("stepfunctions", "test-state", "--definition", json.dumps(passing),
            "--input", json.dumps({"order": {"id": 7}}), "--inspection-level", "DEBUG")
    data = r.get("inspectionData", {})
    t.check(r.get("status") == "SUCCEEDED" and r.get("nextState") == "Ship"
            and json.loads(r.get("output", "null")) == {"order": {"id": 7}, "checked": {"id": 7, "ok": True}},
            "aws stepfunctions test-state: status, nextState and output of a Pass state", r)
    t.check(json.loads(data.get("afterInputPath", "null")) == {"id": 7}
            and json.loads(data.get("afterParameters", "null")) == {"id": 7, "ok": True}
            and json.loads(data.get("afterResultPath", "null")) == {"order": {"id": 7}, "checked": {"id": 7, "ok": True}},
            "test-state --inspection-level DEBUG: the data after InputPath, Parameters and ResultPath", data)

    task = json.loads(HELLO_WORKFLOW_JSON)["States"]["InvokeLambda"]
    r = aws("stepfunctions", "test-state", "--definition", json.dumps(task), "--role-arn", SFN_ROLE,
            "--input", json.dumps({"name": "tester"}), "--inspection-level", "DEBUG")
    t.check(r.get("status") == "SUCCEEDED" and json.loads(r.get("output", "null")) == '"Hello, tester!"'
            and json.loads(r.get("inspectionData", {}).get("result", "{}")).get("StatusCode") == 200,
            "test-state on the walk-through's Task calls MyHelloFunction and applies OutputPath", r)

    retried = dict(task, Retry=[{"ErrorEquals": ["Boom"], "IntervalSeconds": 2}])
    r = aws("stepfunctions", "test-state", "--definition", json.dumps(retried),
            "--mock", json.dumps({"errorOutput": {"error": "Boom", "cause": "mocked"}}), "--inspection-level", "DEBUG")
    t.check(r.get("status") == "RETRIABLE" and r.get("error") == "Boom"
            and r.get("inspectionData", {}).get("errorDetails") == {"retryIndex": 0, "retryBackoffIntervalSeconds": 2},
            "test-state with a mocked error and a retrier: RETRIABLE with the retrier's index and back-off", r)

    try:
        aws("stepfunctions", "test-state", "--definition", json.dumps({"Type": "Pass", "Next": "A", "End": True}))
        t.check(False, "test-state refuses a broken state with InvalidDefinition")
    except RuntimeError as e:
        t.check("InvalidDefinition" in str(e) and "/States/TestState" in str(e),
                "test-state refuses a broken state with InvalidDefinition naming its path", str(e))

    express = aws("stepfunctions", "create-state-machine", "--name", "CliSync", "--type", "EXPRESS",
                  "--role-arn", SFN_ROLE,
                  "--definition", json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": "done",
                                                                                  "End": True}}}))
    r = aws("stepfunctions", "start-sync-execution", "--state-machine-arn", express["stateMachineArn"],
            "--input", "{}")
    t.check(r.get("status") == "SUCCEEDED" and r.get("output") == '"done"',
            "aws stepfunctions start-sync-execution answers the execution's result", r)


# MARK: - boto3

def wait_done(sfn, arn, seconds=20):
    deadline = time.time() + seconds
    while True:
        d = sfn.describe_execution(executionArn=arn)
        if d["status"] != "RUNNING" or time.time() > deadline:
            return d
        time.sleep(0.1)


def raises(t, what, exception_class, call, message_part=None):
    """Checks that `call()` raises the modeled exception `exception_class` (and that its message has `message_part`)."""
    try:
        answer = call()
    except exception_class as e:
        message = e.response.get("Error", {}).get("Message", "")
        if message_part is not None:
            return t.check(message_part in message, what, f"message {message!r}")
        return t.check(True, what)
    except Exception as e:  # noqa: BLE001 - the wrong error is a failed check
        code = getattr(e, "response", {}).get("Error", {}).get("Code") if hasattr(e, "response") else None
        return t.check(False, what, f"raised {type(e).__name__} {code!r}: {e}")
    return t.check(False, what, f"no error; answered {answer}")


def create_machine(sfn, name, definition, **more):
    return sfn.create_state_machine(name=name, definition=json.dumps(definition), roleArn=SFN_ROLE, **more)


def history(t, sfn, arn):
    if not t.check(bool(arn), "an execution of the walk-through to read the history of"):
        return
    events = sfn.get_execution_history(executionArn=arn)["events"]
    types = [e["type"] for e in events]
    t.check(types[:1] == ["ExecutionStarted"] and types[-1:] == ["ExecutionSucceeded"],
            "get_execution_history starts with ExecutionStarted and ends with ExecutionSucceeded", types)
    t.check(any(x in types for x in ["TaskScheduled", "LambdaFunctionScheduled"]),
            f"get_execution_history has the Lambda call scheduled ({', '.join(types)})", types)
    t.check([e["id"] for e in events] == list(range(1, len(events) + 1)), "event ids are 1…n",
            [e["id"] for e in events])
    t.check(all(isinstance(e["timestamp"], datetime.datetime) for e in events),
            "event timestamps parse as datetimes", [e.get("timestamp") for e in events])

    first = sfn.get_execution_history(executionArn=arn, maxResults=2)
    t.check(len(first["events"]) == 2 and bool(first.get("nextToken")),
            "get_execution_history maxResults=2 gives 2 events and a nextToken",
            {k: v for k, v in first.items() if k != "ResponseMetadata"})
    pages = list(sfn.get_paginator("get_execution_history").paginate(
        executionArn=arn, PaginationConfig={"PageSize": 2}))
    paged = [e for p in pages for e in p["events"]]
    t.check(len(pages) == (len(events) + 1) // 2 and [e["id"] for e in paged] == [e["id"] for e in events]
            and [e["type"] for e in paged] == types,
            f"the get_execution_history paginator with maxResults=2 returns all {len(events)} events "
            f"in {len(pages)} pages", [[e["id"] for e in p["events"]] for p in pages])


def errors(t, sfn, sync_sfn):
    missing = f"arn:aws:states:{REGION}:{ACCOUNT}:execution:HelloWorldWorkflow:no-such-execution"
    raises(t, "describe_execution of an unknown execution raises ExecutionDoesNotExist",
           sfn.exceptions.ExecutionDoesNotExist, lambda: sfn.describe_execution(executionArn=missing))
    bad = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}}
    raises(t, "create_state_machine with Next to a missing state raises InvalidDefinition (MISSING_TRANSITION_TARGET)",
           sfn.exceptions.InvalidDefinition, lambda: create_machine(sfn, "Broken", bad), "MISSING_TRANSITION_TARGET")
    nowhere = f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:NoSuchMachine"
    raises(t, "start_execution of an unknown state machine raises StateMachineDoesNotExist",
           sfn.exceptions.StateMachineDoesNotExist, lambda: sfn.start_execution(stateMachineArn=nowhere))
    standard = create_machine(sfn, "StandardPass", {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
    raises(t, "start_sync_execution of a STANDARD state machine raises StateMachineTypeNotSupported",
           sync_sfn.exceptions.StateMachineTypeNotSupported,
           lambda: sync_sfn.start_sync_execution(stateMachineArn=standard["stateMachineArn"], input="{}"))


def activities(t, sfn):
    activity = sfn.create_activity(name="Approve")["activityArn"]
    t.check(activity == f"arn:aws:states:{REGION}:{ACCOUNT}:activity:Approve", "create_activity answers its ARN",
            activity)
    machine = create_machine(sfn, "Approval", {
        "StartAt": "AskHuman",
        "States": {"AskHuman": {"Type": "Task", "Resource": activity, "ResultPath": "$.approval", "End": True}},
    })["stateMachineArn"]

    arn = sfn.start_execution(stateMachineArn=machine, input=json.dumps({"order": 7}))["executionArn"]
    task = sfn.get_activity_task(activityArn=activity, workerName="tester")
    token = task.get("taskToken")
    t.check(bool(token) and json.loads(task.get("input", "null")) == {"order": 7},
            "get_activity_task hands out a task token and the input", task)
    sfn.send_task_success(taskToken=token, output=json.dumps({"approved": True, "by": "tester"}))
    d = wait_done(sfn, arn)
    t.check(d["status"] == "SUCCEEDED"
            and json.loads(d.get("output", "null")) == {"order": 7, "approval": {"approved": True, "by": "tester"}},
            "send_task_success: the execution SUCCEEDS with the answer at its ResultPath",
            f"{d['status']} {d.get('output')} {d.get('error')} {d.get('cause')}")

    arn = sfn.start_execution(stateMachineArn=machine, input=json.dumps({"order": 8}))["executionArn"]
    task = sfn.get_activity_task(activityArn=activity, workerName="tester")
    t.check(bool(task.get("taskToken")) and json.loads(task.get("input", "null")) == {"order": 8},
            "get_activity_task hands out the second execution's task", task)
    sfn.send_task_failure(taskToken=task["taskToken"], error="Boom", cause="c")
    d = wait_done(sfn, arn)
    t.check(d["status"] == "FAILED" and d.get("error") == "Boom" and d.get("cause") == "c",
            "send_task_failure: the execution FAILS with error Boom, cause c",
            f"{d['status']} {d.get('error')} {d.get('cause')}")


def stop(t, sfn):
    machine = create_machine(sfn, "LongWait", {
        "StartAt": "Wait", "States": {"Wait": {"Type": "Wait", "Seconds": 100, "End": True}}})["stateMachineArn"]
    arn = sfn.start_execution(stateMachineArn=machine)["executionArn"]
    time.sleep(0.3)
    t.check(sfn.describe_execution(executionArn=arn)["status"] == "RUNNING", "a Wait 100 s execution is RUNNING")
    answer = sfn.stop_execution(executionArn=arn, error="Enough", cause="the test stopped it")
    t.check(isinstance(answer.get("stopDate"), datetime.datetime), "stop_execution answers a stopDate", answer)
    d = sfn.describe_execution(executionArn=arn)
    t.check(d["status"] == "ABORTED" and isinstance(d.get("stopDate"), datetime.datetime),
            "describe_execution right after stop_execution shows ABORTED", f"{d['status']} {d.get('stopDate')}")


def express(t, sfn, sync_sfn):
    machine = create_machine(sfn, "ExpressGreeter", {
        "StartAt": "Greet",
        "States": {
            "Greet": {"Type": "Pass", "Parameters": {"greeting.$": "States.Format('Hello, {}!', $.name)"},
                      "ResultPath": "$.result", "Next": "Done"},
            "Done": {"Type": "Succeed"},
        },
    }, type="EXPRESS")["stateMachineArn"]
    r = sync_sfn.start_sync_execution(stateMachineArn=machine, input=json.dumps({"name": "express"}))
    t.check(r.get("status") == "SUCCEEDED"
            and json.loads(r.get("output", "null")) == {"name": "express", "result": {"greeting": "Hello, express!"}},
            "start_sync_execution of an EXPRESS machine: SUCCEEDED with its output",
            f"{r.get('status')} {r.get('output')} {r.get('error')} {r.get('cause')}")
    t.check(r.get("executionArn", "").startswith(f"arn:aws:states:{REGION}:{ACCOUNT}:express:ExpressGreeter:")
            and isinstance(r.get("startDate"), datetime.datetime) and isinstance(r.get("stopDate"), datetime.datetime),
            "start_sync_execution answers an express executionArn, startDate and stopDate",
            {k: v for k, v in r.items() if k != "ResponseMetadata"})
    # The answer follows the execution's end at once (the service tells the API when it is recorded): 20
    # calls of a one-state machine take well under a second each. The bound is loose, to catch a wait that
    # runs to a poll or timeout interval (a second a call), not the machine's load.
    started = time.time()
    for _ in range(20):
        sync_sfn.start_sync_execution(stateMachineArn=machine, input=json.dumps({"name": "again"}))
    took = time.time() - started
    t.check(took < 10, "20 start_sync_execution calls answer as soon as each execution ends", f"({took:.2f} s)")
    print(f"  20 StartSyncExecution calls: {took:.2f} s")


def versions(t, sfn):
    created = create_machine(sfn, "Versioned", {
        "StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"v": 1}, "End": True}}},
        publish=True, versionDescription="first")
    machine = created["stateMachineArn"]
    version = created.get("stateMachineVersionArn")
    t.check(version == f"{machine}:1", "create_state_machine(publish=True) answers the version ARN MACHINE:1", created)
    alias = sfn.create_state_machine_alias(
        name="live", routingConfiguration=[{"stateMachineVersionArn": version, "weight": 100}])["stateMachineAliasArn"]
    t.check(alias == f"{machine}:live", "create_state_machine_alias answers MACHINE:live", alias)
    arn = sfn.start_execution(stateMachineArn=alias, name="through-alias")["executionArn"]
    t.check(arn == f"arn:aws:states:{REGION}:{ACCOUNT}:execution:Versioned:through-alias",
            "start_execution on the alias answers the execution's ARN", arn)
    d = wait_done(sfn, arn)
    t.check(d["status"] == "SUCCEEDED" and json.loads(d.get("output", "null")) == {"v": 1},
            "the execution started through the alias SUCCEEDS", f"{d['status']} {d.get('output')}")
    t.check(d.get("stateMachineVersionArn") == version,
            "describe_execution has the stateMachineVersionArn it ran", d.get("stateMachineVersionArn"))
    t.check(d.get("stateMachineAliasArn") == alias,
            "describe_execution has the stateMachineAliasArn it was started through",
            {k: v for k, v in d.items() if k != "ResponseMetadata"})


def lambda_api(t, lam):
    r = lam.invoke(FunctionName="MyHelloFunction", Payload=json.dumps({"name": "boto"}).encode())
    payload = json.loads(r["Payload"].read())
    t.check(r["StatusCode"] == 200 and "FunctionError" not in r
            and payload == {"statusCode": 200, "body": json.dumps("Hello, boto!")},
            "lambda invoke answers the handler's result", payload)
    f = lam.get_function(FunctionName="MyHelloFunction")["Configuration"]
    t.check(f.get("FunctionName") == "MyHelloFunction" and f.get("Handler") == "lambda_function.lambda_handler"
            and f.get("Runtime") == "python3.9", "get_function sees the function", f)
    names = [x["FunctionName"] for x in lam.get_paginator("list_functions").paginate().build_full_result()["Functions"]]
    t.check("MyHelloFunction" in names, "list_functions lists it", names)
    lam.delete_function(FunctionName="MyHelloFunction")
    raises(t, "get_function after delete_function raises ResourceNotFoundException",
           lam.exceptions.ResourceNotFoundException, lambda: lam.get_function(FunctionName="MyHelloFunction"))


if __name__ == "__main__":
    sys.exit(main())
