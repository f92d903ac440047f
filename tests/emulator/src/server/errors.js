// An error the control API turns into {"error": code, "message": text} with an HTTP status.
export class HttpError extends Error {
    constructor(status, code, message) {
        super(message);
        this.status = status;
        this.code = code;
    }
}
