import { errorMessage } from "@/api/errors";
import { fr } from "@/i18n/fr";

import { ErrorAlert } from "./Alert";

type Props = { isPending: boolean; error: unknown; isEmpty?: boolean; children: React.ReactNode };

/** Loading, error and empty states around a query's content. */
export function DataState({ isPending, error, isEmpty, children }: Props) {
  if (error) return <ErrorAlert message={errorMessage(error)} />;
  if (isPending) return <p role="status" className="py-6 text-slate-500">{fr.app.loading}</p>;
  if (isEmpty) return <p className="py-6 text-slate-500">{fr.common.empty}</p>;
  return <>{children}</>;
}
