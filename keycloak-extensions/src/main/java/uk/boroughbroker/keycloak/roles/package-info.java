/**
 * Council roles and council scopes: the policy as the realm carries it ({@code RealmPolicy}, evaluated by the council model's {@code CouncilPolicy}), the
 * roles it gives a person from their directory groups, the {@code council:<id>} scopes (checked at
 * sign-in and again at every token, decision 0017), the token mapper that shows each app the
 * councils it may see, and the admin endpoints that explain roles and preview a policy edit.
 * Depends on {@code directory} for the attributes a directory puts on a person and for the
 * {@code DirectoryUserRead} event on which roles are synced; nothing depends back.
 */
package uk.boroughbroker.keycloak.roles;
