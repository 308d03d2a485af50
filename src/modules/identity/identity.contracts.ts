import { Type } from 'typebox';
import { nameSchemas } from '../../platform/http/openapi-contract.ts';
import { Page } from '../../platform/http/pagination.ts';
import { Body, Nullable, Timestamp, Uuid } from '../../platform/http/schemas.ts';

export const Email = Type.String({ format: 'email', maxLength: 254 });
export const Password = Type.String({ minLength: 8, maxLength: 200 });
export const Pin = Type.String({ pattern: '^[0-9]{4,8}$', description: '4 to 8 digits' });
export const PermissionName = Type.String({ pattern: '^[a-z_]+:[a-z_]+$', maxLength: 64 });

export const TokenPairSchema = Type.Object({
  accessToken: Type.String(),
  tokenType: Type.Literal('Bearer'),
  expiresIn: Type.Integer({ description: 'seconds' }),
  refreshToken: Type.String(),
});

export const LoginBody = Body({
  email: Email,
  password: Type.String({ minLength: 1, maxLength: 200 }),
  tenantId: Type.Optional(Uuid),
});
export const LoginResponse = Type.Object({
  ...TokenPairSchema.properties,
  userId: Uuid,
  tenantId: Nullable(Uuid),
  membershipId: Nullable(Uuid),
});

export const RefreshBody = Body({ refreshToken: Type.String({ minLength: 1, maxLength: 300 }) });
export const PinLoginBody = Body({ membershipId: Uuid, pin: Pin });
export const PinLoginResponse = Type.Object({
  ...TokenPairSchema.properties,
  membershipId: Uuid,
  userId: Uuid,
});

export const MeResponse = Type.Object({
  kind: Type.String(),
  tenantId: Nullable(Uuid),
  userId: Nullable(Uuid),
  membershipId: Nullable(Uuid),
  deviceId: Nullable(Uuid),
  apiKeyId: Nullable(Uuid),
  role: Nullable(Type.String()),
  permissions: Type.Array(Type.String()),
  outletIds: Nullable(Type.Array(Uuid)),
});

export const RoleSchema = Type.Object({
  id: Uuid,
  key: Type.String(),
  name: Type.String(),
  permissions: Type.Array(Type.String()),
  builtin: Type.Boolean(),
});
export const CreateRoleBody = Body({
  key: Type.String({ pattern: '^[a-z][a-z0-9_-]{0,49}$' }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  permissions: Type.Array(PermissionName, { maxItems: 100 }),
});
export const UpdateRoleBody = Body({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  permissions: Type.Optional(Type.Array(PermissionName, { maxItems: 100 })),
});
export const PermissionSchema = Type.Object({ name: Type.String(), description: Type.String() });
export const PermissionPage = Page('PermissionPage', PermissionSchema, 'A page of the permission catalogue');

export const StaffSchema = Type.Object({
  id: Uuid,
  userId: Uuid,
  email: Type.String(),
  displayName: Type.String(),
  role: Type.Object({ id: Uuid, key: Type.String(), name: Type.String() }),
  outletIds: Nullable(Type.Array(Uuid)),
  hasPin: Type.Boolean(),
  status: Type.String(),
  createdAt: Timestamp,
});
export const OutletIds = Nullable(
  Type.Array(Uuid, { maxItems: 500, uniqueItems: true, description: 'null = every outlet' }),
);
export const AddStaffBody = Body({
  email: Email,
  name: Type.String({ minLength: 1, maxLength: 200 }),
  password: Type.Optional(Password),
  roleId: Uuid,
  outletIds: Type.Optional(OutletIds),
  pin: Type.Optional(Pin),
});
export const UpdateStaffBody = Body({
  displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  roleId: Type.Optional(Uuid),
  outletIds: Type.Optional(OutletIds),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
  pin: Type.Optional(Nullable(Pin)),
});

export const ApiKeySchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  prefix: Type.String(),
  scopes: Type.Array(Type.String()),
  outletIds: Nullable(Type.Array(Uuid)),
  expiresAt: Nullable(Timestamp),
  lastUsedAt: Nullable(Timestamp),
  revokedAt: Nullable(Timestamp),
  createdAt: Timestamp,
});
export const CreateApiKeyBody = Body({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  scopes: Type.Array(PermissionName, { minItems: 1, maxItems: 100 }),
  outletIds: Type.Optional(OutletIds),
  expiresAt: Type.Optional(Timestamp),
});
export const CreatedApiKey = Type.Object({
  apiKey: ApiKeySchema,
  secret: Type.String({ description: 'The key itself. Shown once; store it now.' }),
});

export const PairingCodeSchema = Type.Object({ code: Type.String(), registerId: Uuid, expiresAt: Timestamp });
export const PairBody = Body({
  code: Type.String({ minLength: 4, maxLength: 20 }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
});
export const PairResponse = Type.Object({
  deviceToken: Type.String({ description: 'Shown once; the device keeps it.' }),
  device: Type.Object({ id: Uuid, name: Type.String(), tenantId: Uuid, registerId: Uuid, outletId: Uuid }),
});
export const DeviceSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  registerId: Uuid,
  lastSeenAt: Nullable(Timestamp),
  revokedAt: Nullable(Timestamp),
  createdAt: Timestamp,
});
export const DeviceStaffMemberSchema = Type.Object({
  id: Uuid,
  displayName: Type.String(),
  role: Type.String(),
});
export const DeviceStaffPage = Page(
  'DeviceStaffPage',
  DeviceStaffMemberSchema,
  'A page of the staff who may sign in on this device',
);

export const ApprovalBody = Body({
  approverId: Uuid,
  pin: Pin,
  permission: PermissionName,
  targetType: Type.String({ pattern: '^[a-z_]{1,40}$' }),
  targetId: Type.String({ minLength: 1, maxLength: 100 }),
});
export const ApprovalSchema = Type.Object({
  approvalId: Uuid,
  approverId: Uuid,
  permission: Type.String(),
  expiresAt: Timestamp,
});

export const RolePage = Page('RolePage', RoleSchema, 'A page of roles, built-in first');
export const StaffPage = Page('StaffPage', StaffSchema, 'A page of staff members, by name');
export const ApiKeyPage = Page('ApiKeyPage', ApiKeySchema, 'A page of API keys, newest first');
export const DevicePage = Page('DevicePage', DeviceSchema, 'A page of paired devices, newest first');

nameSchemas({
  TokenPair: TokenPairSchema,
  LoginRequest: LoginBody,
  Login: LoginResponse,
  RefreshRequest: RefreshBody,
  PinLoginRequest: PinLoginBody,
  PinLogin: PinLoginResponse,
  Me: MeResponse,
  Role: RoleSchema,
  CreateRoleRequest: CreateRoleBody,
  UpdateRoleRequest: UpdateRoleBody,
  Permission: PermissionSchema,
  StaffMember: StaffSchema,
  AddStaffMemberRequest: AddStaffBody,
  UpdateStaffMemberRequest: UpdateStaffBody,
  ApiKey: ApiKeySchema,
  CreateApiKeyRequest: CreateApiKeyBody,
  CreatedApiKey: CreatedApiKey,
  PairingCode: PairingCodeSchema,
  PairDeviceRequest: PairBody,
  PairedDevice: PairResponse,
  Device: DeviceSchema,
  DeviceStaffMember: DeviceStaffMemberSchema,
  CreateApprovalRequest: ApprovalBody,
  Approval: ApprovalSchema,
});
