import { describe, expect, it } from 'vitest';
import { ClusterUnreachableError, whileRefused } from '../support/kube/errors.ts';

const refused = () => Object.assign(new Error('connect ECONNREFUSED 10.213.255.1:6443'), { code: 'ECONNREFUSED' });

describe('an API server that refuses connections for a moment (a restart)', () => {
  it('is tried again until it answers', async () => {
    let calls = 0;
    const answer = await whileRefused(() => (++calls < 3 ? Promise.reject(refused()) : Promise.resolve('ok')), 5_000);
    expect(answer).toBe('ok');
    expect(calls).toBe(3);
  });

  it('also when the refusal comes as our own error naming the request', async () => {
    let calls = 0;
    const ours = () => new ClusterUnreachableError('GET /api/v1/namespaces/x/pods/p: ECONNREFUSED');
    await expect(whileRefused(() => (++calls < 2 ? Promise.reject(ours()) : Promise.resolve(1)), 5_000)).resolves.toBe(
      1,
    );
  });

  it('fails at once on anything else, and after the grace on a refusal that lasts', async () => {
    let calls = 0;
    await expect(whileRefused(() => (++calls, Promise.reject(new Error('403 forbidden'))), 5_000)).rejects.toThrow(
      '403',
    );
    expect(calls).toBe(1);
    calls = 0;
    await expect(whileRefused(() => (++calls, Promise.reject(refused())), 0)).rejects.toThrow('ECONNREFUSED');
    expect(calls).toBe(1);
  });
});
