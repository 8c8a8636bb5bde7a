// The AWS SDK for JavaScript v3 against `ssoadmin-mock serve`: what a Node.js program that
// manages Identity Center does, through all four clients (sso-admin, identitystore, sso-oidc,
// sso). Usage: node scenario.mjs <endpoint>. Prints one JSON object of what it saw; the
// checks are in tests/test_js_sdk.py.
import {
  AttachManagedPolicyToPermissionSetCommand,
  CreateAccountAssignmentCommand,
  CreatePermissionSetCommand,
  DeletePermissionSetCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  DescribePermissionSetCommand,
  ListAccountAssignmentsCommand,
  ListInstancesCommand,
  ListTagsForResourceCommand,
  PutInlinePolicyToPermissionSetCommand,
  SSOAdminClient,
  TagResourceCommand,
  paginateListPermissionSets,
} from "@aws-sdk/client-sso-admin";
import {
  CreateGroupCommand,
  CreateGroupMembershipCommand,
  CreateUserCommand,
  DescribeUserCommand,
  GetUserIdCommand,
  IdentitystoreClient,
  paginateListUsers,
} from "@aws-sdk/client-identitystore";
import {
  CreateTokenCommand,
  RegisterClientCommand,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
} from "@aws-sdk/client-sso-oidc";
import {
  GetRoleCredentialsCommand,
  ListAccountRolesCommand,
  ListAccountsCommand,
  LogoutCommand,
  SSOClient,
} from "@aws-sdk/client-sso";

const endpoint = process.argv[2];
const region = "us-east-1";
const signed = { endpoint, region, credentials: { accessKeyId: "testing", secretAccessKey: "testing" } };
const admin = new SSOAdminClient(signed);
const store = new IdentitystoreClient(signed);
const oidc = new SSOOIDCClient({ endpoint, region }); // unsigned: a public client, a bearer token
const portal = new SSOClient({ endpoint, region });
const account = "123456789012"; // the account of the key "testing" (moto's default)
const seen = {};

/** What a refused call raised, as a program reads it (null: it was not refused). */
async function refused(call) {
  try {
    await call;
    return null;
  } catch (error) {
    return {
      name: error.name,
      message: error.message,
      status: error.$metadata?.httpStatusCode,
      fault: error.$fault,
      requestId: typeof error.$metadata?.requestId,
      ...(error.error ? { error: error.error } : {}),
    };
  }
}

// sso-admin: permission sets, their policies and tags, paged
const listed = await admin.send(new ListInstancesCommand({}));
const { InstanceArn, IdentityStoreId } = listed.Instances[0];
seen.instances = listed.Instances.length;
seen.requestId = typeof listed.$metadata.requestId;
const sets = [];
for (const Name of ["Alpha", "Beta", "Gamma"]) {
  const made = await admin.send(new CreatePermissionSetCommand({ InstanceArn, Name, SessionDuration: "PT2H" }));
  sets.push(made.PermissionSet.PermissionSetArn);
}
const described = await admin.send(new DescribePermissionSetCommand({ InstanceArn, PermissionSetArn: sets[0] }));
seen.described = {
  name: described.PermissionSet.Name,
  session: described.PermissionSet.SessionDuration,
  createdIsDate: described.PermissionSet.CreatedDate instanceof Date,
};
seen.pages = [];
for await (const page of paginateListPermissionSets({ client: admin, pageSize: 2 }, { InstanceArn })) {
  seen.pages.push(page.PermissionSets.length);
}
const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" }] };
await admin.send(new PutInlinePolicyToPermissionSetCommand({ InstanceArn, PermissionSetArn: sets[0], InlinePolicy: JSON.stringify(policy) }));
await admin.send(new AttachManagedPolicyToPermissionSetCommand({ InstanceArn, PermissionSetArn: sets[0], ManagedPolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }));
await admin.send(new TagResourceCommand({ InstanceArn, ResourceArn: sets[0], Tags: [{ Key: "team", Value: "platform" }] }));
seen.tags = (await admin.send(new ListTagsForResourceCommand({ InstanceArn, ResourceArn: sets[0] }))).Tags;

// identitystore: a user in a group
const { UserId } = await store.send(new CreateUserCommand({
  IdentityStoreId,
  UserName: "ada",
  DisplayName: "Ada Lovelace",
  Name: { GivenName: "Ada", FamilyName: "Lovelace" },
  Emails: [{ Value: "ada@example.com", Primary: true }],
}));
const { GroupId } = await store.send(new CreateGroupCommand({ IdentityStoreId, DisplayName: "engineers" }));
await store.send(new CreateGroupMembershipCommand({ IdentityStoreId, GroupId, MemberId: { UserId } }));
const found = await store.send(new GetUserIdCommand({
  IdentityStoreId,
  AlternateIdentifier: { UniqueAttribute: { AttributePath: "userName", AttributeValue: "ada" } },
}));
seen.userFound = found.UserId === UserId;
seen.users = [];
for await (const page of paginateListUsers({ client: store, pageSize: 1 }, { IdentityStoreId })) {
  seen.users.push(...page.Users.map((user) => user.UserName));
}
seen.emails = (await store.send(new DescribeUserCommand({ IdentityStoreId, UserId }))).Emails;

// an assignment of the group, polled until it settles
const started = (await admin.send(new CreateAccountAssignmentCommand({
  InstanceArn,
  PermissionSetArn: sets[0],
  PrincipalType: "GROUP",
  PrincipalId: GroupId,
  TargetType: "AWS_ACCOUNT",
  TargetId: account,
}))).AccountAssignmentCreationStatus;
let status = started.Status;
for (let poll = 0; poll < 20 && status === "IN_PROGRESS"; poll++) {
  const now = await admin.send(new DescribeAccountAssignmentCreationStatusCommand({
    InstanceArn,
    AccountAssignmentCreationRequestId: started.RequestId,
  }));
  status = now.AccountAssignmentCreationStatus.Status;
}
seen.assignment = status;
const assigned = await admin.send(new ListAccountAssignmentsCommand({ InstanceArn, AccountId: account, PermissionSetArn: sets[0] }));
seen.assigned = assigned.AccountAssignments.map((a) => a.PrincipalId === GroupId && a.PrincipalType);

// errors, as the SDK raises them
seen.errors = {
  validation: await refused(admin.send(new CreatePermissionSetCommand({ InstanceArn, Name: "bad name!" }))),
  notFound: await refused(admin.send(new DescribePermissionSetCommand({
    InstanceArn,
    PermissionSetArn: sets[0].replace(/ps-[0-9a-f]+$/, "ps-0000000000000000"),
  }))),
  conflict: await refused(admin.send(new CreatePermissionSetCommand({ InstanceArn, Name: "Alpha" }))),
  userConflict: await refused(store.send(new CreateUserCommand({
    IdentityStoreId,
    UserName: "ada",
    DisplayName: "Another Ada",
    Name: { GivenName: "Ada", FamilyName: "King" },
  }))),
  userNotFound: await refused(store.send(new DescribeUserCommand({ IdentityStoreId, UserId: "00000000-0000-0000-0000-000000000000" }))),
  inUse: await refused(admin.send(new DeletePermissionSetCommand({ InstanceArn, PermissionSetArn: sets[0] }))),
};

// sign-in: the device grant, approved where a person would use a browser
const client = await oidc.send(new RegisterClientCommand({ clientName: "js-sdk", clientType: "public", scopes: ["sso:account:access"] }));
const credentials = { clientId: client.clientId, clientSecret: client.clientSecret };
const device = await oidc.send(new StartDeviceAuthorizationCommand({ ...credentials, startUrl: `https://${IdentityStoreId}.awsapps.com/start` }));
const grant = { ...credentials, grantType: "urn:ietf:params:oauth:grant-type:device_code", deviceCode: device.deviceCode };
seen.pending = await refused(oidc.send(new CreateTokenCommand(grant)));
const approval = await fetch(`${endpoint}/_ssoadmin_mock/portal/approve`, {
  method: "POST",
  body: JSON.stringify({ userCode: device.userCode, userName: "ada" }),
});
seen.approved = approval.status;
const token = await oidc.send(new CreateTokenCommand(grant));
seen.tokenType = token.tokenType;
const { accessToken } = token;

// the access portal: the group's account and role, and the role's credentials
const accounts = (await portal.send(new ListAccountsCommand({ accessToken }))).accountList;
seen.accounts = accounts.map((a) => a.accountId);
const roles = (await portal.send(new ListAccountRolesCommand({ accessToken, accountId: account }))).roleList;
seen.roles = roles.map((r) => r.roleName);
const role = (await portal.send(new GetRoleCredentialsCommand({ accessToken, accountId: account, roleName: "Alpha" }))).roleCredentials;
seen.credentials = {
  temporary: role.accessKeyId.startsWith("ASIA"),
  token: typeof role.sessionToken,
  expiresLater: role.expiration > Date.now(),
};
seen.forbidden = await refused(portal.send(new GetRoleCredentialsCommand({ accessToken, accountId: account, roleName: "Beta" })));
await portal.send(new LogoutCommand({ accessToken }));
seen.afterLogout = await refused(portal.send(new ListAccountsCommand({ accessToken })));

console.log(JSON.stringify(seen));
