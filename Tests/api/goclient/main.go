// Command goclient drives `stepline serve --api` with the AWS SDK for Go v2 (the version Debian 12 ships,
// golang-github-aws-aws-sdk-go-v2-dev 1.17, whose service/sfn has no BaseEndpoint option yet, so the endpoint
// is given with an EndpointResolverWithOptions):
//
//	goclient [-name NAME] [-session-token T] ENDPOINT ACCESS_KEY SECRET N
//
// It creates a Pass state machine, then runs N iterations of StartExecution + DescribeExecution on the SDK's
// default HTTP client (kept-alive connections), with retries off so that every failure counts, and prints one
// JSON line:
//
//	{"calls": 401, "failed": 0, "errors": {"CODE": "first message", …}, "errorCounts": {"CODE": n},
//	 "seconds": 1.23, "newConnections": 1, "stateMachineArn": "…"}
//
// It exits 0 when no call failed, 1 otherwise, 2 on bad usage.
//
// Build offline (no module proxy): GO111MODULE=off GOPATH=$TMP:/usr/share/gocode go build -o goclient .
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http/httptrace"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/smithy-go"
)

const region = "us-east-1"

type result struct {
	Calls           int               `json:"calls"`
	Failed          int               `json:"failed"`
	Errors          map[string]string `json:"errors"`
	ErrorCounts     map[string]int    `json:"errorCounts"`
	Seconds         float64           `json:"seconds"`
	NewConnections  int64             `json:"newConnections"`
	StateMachineArn string            `json:"stateMachineArn"`
}

const keepErrors = 5

func (r *result) fail(op string, err error) {
	r.Failed++
	code := "other"
	message := err.Error()
	var api smithy.APIError
	if errors.As(err, &api) {
		code = api.ErrorCode()
		message = api.ErrorMessage()
	}
	r.ErrorCounts[code]++
	if _, seen := r.Errors[code]; !seen && len(r.Errors) < keepErrors {
		r.Errors[code] = op + ": " + message
	}
}

func main() {
	name := flag.String("name", "", "the state machine's name (default go-sdk-<time>)")
	token := flag.String("session-token", "", "a session token to send with the static credentials")
	account := flag.String("account", "111111111111", "the account of the machine's ARN when CreateStateMachine fails")
	describeOnly := flag.Bool("describe-only", false, "make the N calls DescribeStateMachine calls (reads, on kept-alive connections) instead of N × (StartExecution + DescribeExecution)")
	workers := flag.Int("workers", 1, "with -describe-only: how many goroutines share the N calls (and the SDK's connection pool)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: goclient [-name NAME] [-session-token T] ENDPOINT ACCESS_KEY SECRET N")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 4 {
		flag.Usage()
		os.Exit(2)
	}
	endpoint, key, secret := flag.Arg(0), flag.Arg(1), flag.Arg(2)
	n, err := strconv.Atoi(flag.Arg(3))
	if err != nil || n < 0 {
		fmt.Fprintln(os.Stderr, "goclient: N must be a count:", flag.Arg(3))
		os.Exit(2)
	}
	if *name == "" {
		*name = fmt.Sprintf("go-sdk-%d", time.Now().UnixNano())
	}

	resolver := aws.EndpointResolverWithOptionsFunc(func(service, r string, options ...interface{}) (aws.Endpoint, error) {
		return aws.Endpoint{URL: endpoint, SigningRegion: region, HostnameImmutable: true, Source: aws.EndpointSourceCustom}, nil
	})
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx,
		config.WithRegion(region),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(key, secret, *token)),
		config.WithEndpointResolverWithOptions(resolver),
		// Nothing from the caller's ~/.aws or AWS_* profile settings.
		config.WithSharedConfigFiles([]string{}),
		config.WithSharedCredentialsFiles([]string{}),
		config.WithSharedConfigProfile("default"),
		// One attempt per call: a refused or broken call is counted, not hidden by a retry.
		config.WithRetryMaxAttempts(1),
	)
	if err != nil {
		fmt.Fprintln(os.Stderr, "goclient: loading the SDK config:", err)
		os.Exit(2)
	}
	client := sfn.NewFromConfig(cfg)

	var newConnections int64
	trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) {
		if !info.Reused {
			atomic.AddInt64(&newConnections, 1)
		}
	}}
	ctx = httptrace.WithClientTrace(ctx, trace)

	r := &result{Errors: map[string]string{}, ErrorCounts: map[string]int{}}
	started := time.Now()

	definition := `{"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"from": "go"}, "ResultPath": "$.pass", "End": true}}}`
	r.Calls++
	created, err := client.CreateStateMachine(ctx, &sfn.CreateStateMachineInput{
		Name:       aws.String(*name),
		Definition: aws.String(definition),
		RoleArn:    aws.String("arn:aws:iam::" + *account + ":role/sfn"),
	})
	if err != nil {
		r.fail("CreateStateMachine", err)
		r.StateMachineArn = "arn:aws:states:" + region + ":" + *account + ":stateMachine:" + *name
	} else {
		r.StateMachineArn = aws.ToString(created.StateMachineArn)
	}

	if *describeOnly {
		var mu sync.Mutex
		var wg sync.WaitGroup
		next := int64(-1)
		for w := 0; w < *workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for atomic.AddInt64(&next, 1) < int64(n) {
					d, err := client.DescribeStateMachine(ctx, &sfn.DescribeStateMachineInput{StateMachineArn: aws.String(r.StateMachineArn)})
					mu.Lock()
					r.Calls++
					if err != nil {
						r.fail("DescribeStateMachine", err)
					} else if aws.ToString(d.StateMachineArn) != r.StateMachineArn {
						r.fail("DescribeStateMachine", fmt.Errorf("answered %q", aws.ToString(d.StateMachineArn)))
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		n = 0
	}

	for i := 0; i < n; i++ {
		r.Calls++
		out, err := client.StartExecution(ctx, &sfn.StartExecutionInput{
			StateMachineArn: aws.String(r.StateMachineArn),
			Name:            aws.String(fmt.Sprintf("run-%d", i)),
			Input:           aws.String(fmt.Sprintf(`{"i": %d}`, i)),
		})
		if err != nil {
			r.fail("StartExecution", err)
			continue
		}
		r.Calls++
		d, err := client.DescribeExecution(ctx, &sfn.DescribeExecutionInput{ExecutionArn: out.ExecutionArn})
		if err != nil {
			r.fail("DescribeExecution", err)
			continue
		}
		if aws.ToString(d.ExecutionArn) != aws.ToString(out.ExecutionArn) {
			r.fail("DescribeExecution", fmt.Errorf("answered %q for %q", aws.ToString(d.ExecutionArn), aws.ToString(out.ExecutionArn)))
		}
	}

	r.Seconds = float64(time.Since(started).Microseconds()) / 1e6
	r.NewConnections = atomic.LoadInt64(&newConnections)
	line, _ := json.Marshal(r)
	fmt.Println(string(line))
	if r.Failed > 0 {
		os.Exit(1)
	}
}
