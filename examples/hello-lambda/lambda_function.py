import json

def lambda_handler(event, context):
    print(f"Received event: {event}")
    message = event.get('name', 'World')
    return {
        'statusCode': 200,
        'body': json.dumps(f'Hello, {message}!')
    }
