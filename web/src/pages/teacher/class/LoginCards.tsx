/** Printable login cards for students without email: the address, the username and the password, one card each. */
export interface LoginCard {
  userId: string;
  name: string;
  username: string;
  password: string;
}

export function LoginCards({ cards, onDone }: { cards: LoginCard[]; onDone: () => void }) {
  const loginUrl = `${window.location.origin}/login`;
  return (
    <section className="card login-cards" aria-labelledby="cards-title">
      <h3 id="cards-title">Login cards</h3>
      <p className="hint no-print">
        The passwords are shown only now: print the cards (or write them down) before closing this box. A lost password
        can be reset here later.
      </p>
      <ul className="cards">
        {cards.map((c) => (
          <li key={c.userId} className="login-card">
            <strong>{c.name}</strong>
            <dl>
              <dt>Go to</dt>
              <dd>{loginUrl}</dd>
              <dt>Username</dt>
              <dd className="join-code">{c.username}</dd>
              <dt>Password</dt>
              <dd className="join-code">{c.password}</dd>
            </dl>
          </li>
        ))}
      </ul>
      <div className="row no-print">
        <button type="button" className="primary" onClick={() => window.print()}>
          Print the cards
        </button>
        <button type="button" onClick={onDone}>
          Done
        </button>
      </div>
    </section>
  );
}
