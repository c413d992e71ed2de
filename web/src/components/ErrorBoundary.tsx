import { Component, type ReactNode } from "react";

interface State {
  error: Error | null;
}

/** Catches a page's render errors (and failed lazy chunks) so the rest of the app keeps working. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override render() {
    if (this.state.error) {
      return (
        <div className="state error" role="alert">
          <p>This page could not be shown: {this.state.error.message}</p>
          <button type="button" onClick={() => window.location.reload()}>
            Reload
          </button>
        </div>
      );
    }
    return this.props.children;
  }
}
