import { Type } from 'typebox';
import { Body, Nullable, Timestamp, Uuid } from '../../platform/http/schemas.ts';

export const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code, e.g. IDR' });
export const TimeZone = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'IANA time zone, e.g. Asia/Jakarta',
});
export const Locale = Type.String({ minLength: 2, maxLength: 35, description: 'BCP 47, e.g. id-ID' });

export const TenantSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  currency: Type.String(),
  timezone: Type.String(),
  locale: Type.String(),
  status: Type.String(),
  roundingMode: Type.String({ description: 'half_even (default) or half_up' }),
  taxRounding: Type.String({
    description: 'line: round tax per line; bucket (default): once per tax rate per order',
  }),
  cashRoundingIncrement: Type.Integer({
    description: 'cash tenders round to this many minor units (0 = none); IDR to Rp100 = 10000',
  }),
  practicalIncrement: Type.Integer({
    description:
      'what anybody actually pays in, minor units (IDR default 100 = Rp 1): split parts and the amount a card or gateway asks to settle a balance are multiples of it',
  }),
  createdAt: Timestamp,
});
export const UpdateTenantBody = Body({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  timezone: Type.Optional(TimeZone),
  locale: Type.Optional(Locale),
  roundingMode: Type.Optional(Type.Union([Type.Literal('half_even'), Type.Literal('half_up')])),
  taxRounding: Type.Optional(Type.Union([Type.Literal('line'), Type.Literal('bucket')])),
  cashRoundingIncrement: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000 })),
  practicalIncrement: Type.Optional(
    Nullable(
      Type.Integer({
        minimum: 1,
        maximum: 100_000_000,
        description: 'minor units; null = the currency default. The cash increment must be a multiple of it.',
      }),
    ),
  ),
});

export const OutletSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  address: Nullable(Type.String()),
  timezone: Nullable(Type.String()),
  archived: Type.Boolean(),
  createdAt: Timestamp,
});
export const CreateOutletBody = Body({
  id: Type.Optional(Uuid),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  address: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  timezone: Type.Optional(Nullable(TimeZone)),
});
export const UpdateOutletBody = Body({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  address: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  timezone: Type.Optional(Nullable(TimeZone)),
  archived: Type.Optional(Type.Boolean()),
});
export const ListQuery = Type.Object(
  { includeArchived: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

export const RegisterSchema = Type.Object({
  id: Uuid,
  outletId: Uuid,
  name: Type.String(),
  archived: Type.Boolean(),
  createdAt: Timestamp,
});
export const CreateRegisterBody = Body({
  id: Type.Optional(Uuid),
  outletId: Uuid,
  name: Type.String({ minLength: 1, maxLength: 200 }),
});
export const UpdateRegisterBody = Body({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  archived: Type.Optional(Type.Boolean()),
});
export const RegisterListQuery = Type.Object(
  { outletId: Type.Optional(Uuid), includeArchived: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export const NoSaleBody = Body({
  reason: Type.String({ minLength: 1, maxLength: 200 }),
  approvalId: Type.Optional(Uuid),
});
export const NoSaleResponse = Type.Object({
  registerId: Uuid,
  reason: Type.String(),
  at: Timestamp,
  approvedBy: Nullable(Uuid),
});

export const SignupBody = Body({
  businessName: Type.String({ minLength: 1, maxLength: 200 }),
  currency: Currency,
  timezone: TimeZone,
  locale: Locale,
  ownerName: Type.String({ minLength: 1, maxLength: 200 }),
  email: Type.String({ format: 'email', maxLength: 254 }),
  password: Type.String({ minLength: 8, maxLength: 200 }),
});
export const SignupResponse = Type.Object({
  tenant: TenantSchema,
  userId: Uuid,
  membershipId: Uuid,
  accessToken: Type.String(),
  tokenType: Type.Literal('Bearer'),
  expiresIn: Type.Integer(),
  refreshToken: Type.String(),
});

export const PlatformTenantsQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('suspended')])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    after: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
