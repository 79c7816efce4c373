import { runService } from '@gt/service-kit';
import { ingestionService } from './service';

void runService(ingestionService);
