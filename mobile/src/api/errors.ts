/** The two failures the app reacts to: no network (retry later) and a session to open again. */
export class NetworkError extends Error {
  constructor(message = 'Réseau indisponible') {
    super(message);
    this.name = 'NetworkError';
  }
}

export class SessionExpired extends Error {
  constructor(message = 'Session expirée') {
    super(message);
    this.name = 'SessionExpired';
  }
}

export class ServerError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'ServerError';
  }
}
