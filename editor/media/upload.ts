/**
 * Media upload over XMLHttpRequest, because fetch still cannot report upload progress.
 * Fails with the same `ApiError` kinds as the rest of the client.
 */
import { ApiError, failureFromResponse, type MediaView } from '../api';

/** Uploads one file as multipart field `file`; `onProgress` gets 0..1 while bytes go out. */
export function uploadMedia(file: File, onProgress: (fraction: number) => void): Promise<MediaView> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/media');
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError({ kind: 'network' }));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // Non-JSON error page: the status decides.
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as MediaView);
      else reject(new ApiError(failureFromResponse(xhr.status, body)));
    };
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
}
