import { tableDefinition } from '@entraide/dynamodb-store/src/table-definition';
import { buildApp } from '../../infra/lib/app.js';
test('x', () => { expect(tableDefinition.partitionKey.name).toBe('pk'); expect(typeof buildApp).toBe('function'); });
