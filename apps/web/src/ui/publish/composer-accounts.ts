/** The accounts the cross-post composer offers (a server page prepares them for the client form). */

export interface ComposerAccount {
  id: number;
  kind: string;
  label: string;
  channelLabel: string;
}

/** The accounts the composer offers, labelled with their channel and org. */
export function toComposerAccounts(
  accounts: readonly { id: number; kind: string; name: string; orgName: string | null }[],
  labelChannel: (kind: string) => string,
): ComposerAccount[] {
  return accounts.map((account) => ({
    id: account.id,
    kind: account.kind,
    label: account.orgName ? `${account.name}（${account.orgName}）` : account.name,
    channelLabel: labelChannel(account.kind),
  }));
}
