/**
 * The public ticket page (`/t/:id`), opened from the QR code on a printed ticket: no login, nothing
 * personal, the unguessable ticket id is the only key. A tiny self-contained page (no bundle to load
 * on a phone) that polls `GET /api/queue/tickets/:id` and says 前面还有 N 人 or 请到 3 号窗口办理.
 */
import { Router } from 'express';

const ID = /^[A-Za-z0-9_-]{1,64}$/;
/** How often the phone asks again. */
export const TICKET_PAGE_POLL_MS = 5000;

const page = (id: string): string => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>排队进度</title>
<style>
body{margin:0;font-family:system-ui,"Noto Sans SC",sans-serif;background:#00483f;color:#fff;text-align:center}
main{padding:32px 20px;max-width:480px;margin:0 auto}
.hall{opacity:.8}.service{font-size:20px;margin-top:8px}
.number{font-size:72px;font-weight:700;margin:16px 0;letter-spacing:2px}
.status{font-size:24px;line-height:1.5;padding:16px;border-radius:12px;background:rgba(255,255,255,.12)}
.status[data-state=called]{background:#ffd54a;color:#00261f;font-weight:700}
.muted{opacity:.7;font-size:14px;margin-top:24px}
.rate{margin-top:20px;display:flex;gap:8px;justify-content:center}.rate[hidden]{display:none}
.rate button{font-size:18px;padding:12px 14px;border-radius:10px;border:0;background:#fff;color:#00483f}
</style></head><body><main>
<div class="hall" data-testid="ticket-hall"></div><div class="service" data-testid="ticket-service"></div>
<div class="number" data-testid="ticket-number">…</div>
<div class="status" data-testid="ticket-status" aria-live="polite">正在查询…</div>
<div class="rate" data-testid="ticket-rate" hidden><button data-rating="great">非常满意</button><button data-rating="good">满意</button><button data-rating="bad">不满意</button></div>
<p class="muted" data-testid="ticket-updated"></p>
</main><script>
(function(){
var id=${JSON.stringify(id)};
function $(t){return document.querySelector('[data-testid="'+t+'"]')}
function text(t){
 if(t.status==='called')return '请到 '+t.counter+' 号窗口办理';
 if(t.status==='done')return '已办结，感谢您的耐心';
 if(t.status==='skipped')return '已过号，请到引导台咨询';
 if(t.status==='cancelled')return '号票已取消';
 if(t.waitingAhead===0)return '前面没有人，请留意叫号';
 return '前面 '+t.waitingAhead+' 人'+(t.estimatedWaitMinutes!=null?'，预计等候 '+Math.max(1,t.estimatedWaitMinutes)+' 分钟':'');
}
var rate=$('ticket-rate');
rate.addEventListener('click',function(e){
 var r=e.target&&e.target.getAttribute&&e.target.getAttribute('data-rating');if(!r)return;
 rate.hidden=true;
 fetch('/api/queue/tickets/'+encodeURIComponent(id)+'/rating',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({rating:r})})
  .then(function(x){$('ticket-status').textContent=x.ok?'谢谢您的评价':'评价未能提交，请稍后再试';if(!x.ok)rate.hidden=false});
});
function load(){
 fetch('/api/queue/tickets/'+encodeURIComponent(id),{cache:'no-store'}).then(function(r){
  if(r.status===404){$('ticket-number').textContent='—';$('ticket-status').textContent='号票不存在或已过期';return null}
  return r.ok?r.json():null;
 }).then(function(t){
  if(!t)return;
  $('ticket-hall').textContent=t.hallName;$('ticket-service').textContent=t.serviceName;
  $('ticket-number').textContent=t.number;var s=$('ticket-status');s.textContent=text(t);s.setAttribute('data-state',t.status);
  rate.hidden=!t.canRate;
  $('ticket-updated').textContent='每 ${TICKET_PAGE_POLL_MS / 1000} 秒自动刷新 · '+new Date().toLocaleTimeString('zh-CN',{hour12:false});
 }).catch(function(){$('ticket-updated').textContent='网络异常，稍后自动重试'});
}
load();setInterval(load,${TICKET_PAGE_POLL_MS});
})();
</script></body></html>`;

export function ticketPageRoutes(): Router {
  const router = Router();
  router.get('/:id', (req, res) => {
    const id = req.params.id as string;
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Robots-Tag', 'noindex');
    if (!ID.test(id)) return void res.status(404).type('text/plain; charset=utf-8').send('号票不存在');
    res.type('html').send(page(id));
  });
  return router;
}
