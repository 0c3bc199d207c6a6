import { idleCost, runsPerMonth, unpricedTypes, usd } from './idle-cost.js';

test('an SQS event source costs its polling every month; a queue nobody polls costs nothing', () => {
  const polled = idleCost({
    Resources: {
      Queue: { Type: 'AWS::SQS::Queue' },
      Mapping: { Type: 'AWS::Lambda::EventSourceMapping', Properties: { EventSourceArn: { 'Fn::GetAtt': ['Queue', 'Arn'] } } },
    },
  });
  expect(polled.items).toEqual([expect.objectContaining({ logicalId: 'Mapping', why: expect.stringMatching(/polled continuously/) })]);
  expect(usd(polled.monthlyUsd)).toBe('$0.26');
  const byArn = idleCost({
    Resources: {
      Mapping: { Type: 'AWS::Lambda::EventSourceMapping', Properties: { EventSourceArn: 'arn:aws:sqs:eu-west-3:123456789012:mail' } },
    },
  });
  expect(usd(byArn.monthlyUsd)).toBe('$0.26');
  expect(idleCost({ Resources: { Queue: { Type: 'AWS::SQS::Queue' } } }).monthlyUsd).toBe(0);
});

test('keys, alarms, secrets, NAT and provisioned concurrency are billed idle, each named with why', () => {
  const { monthlyUsd, items } = idleCost({
    Resources: {
      Key: { Type: 'AWS::KMS::Key' },
      Alarm: { Type: 'AWS::CloudWatch::Alarm' },
      Secret: { Type: 'AWS::SecretsManager::Secret' },
      Nat: { Type: 'AWS::EC2::NatGateway' },
      Alias: { Type: 'AWS::Lambda::Alias', Properties: { ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 2 } } },
      Fn: { Type: 'AWS::Lambda::Function' },
      Table: { Type: 'AWS::DynamoDB::Table', Properties: { BillingMode: 'PAY_PER_REQUEST' } },
    },
  });
  expect(items.map((item) => [item.logicalId, usd(item.monthlyUsd)])).toEqual([
    ['Key', '$1.00'],
    ['Alarm', '$0.10'],
    ['Secret', '$0.40'],
    ['Nat', '$35.04'],
    ['Alias', '$21.90'],
  ]);
  expect(usd(monthlyUsd)).toBe('$58.44');
});

test('a schedule costs its runs: daily, on weekdays, every five minutes', () => {
  expect(runsPerMonth('cron(0 10 * * ? *)')).toBeCloseTo(30.44);
  expect(runsPerMonth('cron(0 8 ? * MON-FRI *)')).toBeCloseTo((30.44 * 5) / 7);
  expect(runsPerMonth('cron(0 8 ? * MON,TUE,WED,THU,FRI *)')).toBeCloseTo((30.44 * 5) / 7);
  expect(runsPerMonth('rate(5 minutes)')).toBeCloseTo((30.44 * 1440) / 5);
  const daily = idleCost({
    Resources: { S: { Type: 'AWS::Scheduler::Schedule', Properties: { ScheduleExpression: 'cron(0 10 * * ? *)' } } },
  });
  expect(usd(daily.monthlyUsd)).toBe('$0.00');
  const everyMinute = idleCost({
    Resources: { S: { Type: 'AWS::Scheduler::Schedule', Properties: { ScheduleExpression: 'rate(1 minute)' } } },
  });
  expect(everyMinute.monthlyUsd).toBeGreaterThan(0.3);
});

test('a resource type the table does not know is named, to be priced before it is deployed', () => {
  expect(
    unpricedTypes({
      Resources: {
        A: { Type: 'AWS::Lambda::Function' },
        B: { Type: 'AWS::ElastiCache::CacheCluster' },
        C: { Type: 'Custom::TenantApiRoute' },
      },
    }),
  ).toEqual(['AWS::ElastiCache::CacheCluster']);
});
