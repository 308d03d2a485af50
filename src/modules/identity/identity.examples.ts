import type { ContractExample } from '../../platform/http/openapi-contract.ts';

/** Examples for the OpenAPI document (checked against the schemas by test/openapi.test.ts). */
export const loginRequest = {
  owner: {
    summary: 'The owner logs in',
    value: { email: 'siti@warung.example', password: 'correct horse battery' },
  },
  oneOfSeveralBusinesses: {
    summary: 'Someone working for two businesses names the one',
    value: {
      email: 'budi@example.com',
      password: 'correct horse battery',
      tenantId: '0190f3a2-1c4e-7a10-8b2d-3f4e5a6b7c70',
    },
  },
} satisfies Record<string, ContractExample>;

export const loginResponse = {
  tokens: {
    summary: 'Tokens for the chosen business',
    value: {
      accessToken: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIwMTkwZjNhMi0uLi4ifQ.c2lnbmF0dXJl',
      tokenType: 'Bearer',
      expiresIn: 900,
      refreshToken: 'krt_0190f3a21c4e7a108b2d3f4e5a6b7c71.s3cr3t',
      userId: '0190f3a2-1c4e-7a10-8b2d-3f4e5a6b7c72',
      tenantId: '0190f3a2-1c4e-7a10-8b2d-3f4e5a6b7c70',
      membershipId: '0190f3a2-1c4e-7a10-8b2d-3f4e5a6b7c73',
    },
  },
} satisfies Record<string, ContractExample>;
